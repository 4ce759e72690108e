package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile rebuilt from an image's layer instructions ({@code layers[].instruction} of
 * {@code /v2/repositories/{ns}/{repo}/tags/{tag}/images}): Docker Hub's own Dockerfile route only ever
 * answered for automated builds.
 */
final class LayerDockerfile {
    private static final String NOP = "/bin/sh -c #(nop)";
    private static final String SHELL = "/bin/sh -c ";
    private static final String BUILDKIT = "# buildkit";
    /** A RUN with build arguments, as the classic builder recorded it: {@code |2 A=1 B=2 /bin/sh -c make}. */
    private static final Pattern BUILD_ARGS_RUN = Pattern.compile("\\|[0-9]+ (?:\\S+=\\S* )*/bin/sh -c (.*)");
    private static final Pattern INSTRUCTION = Pattern.compile("[A-Z]+ ");

    private LayerDockerfile() {
    }

    /** Docker Hub's Dockerfile where it has one; else one rebuilt from the {@code latest} linux/amd64 image's layers. */
    static JsonNode fetch(Resource.Dockerfile resource, Target target, Exchanges exchanges, Allowance allowance,
            ObjectMapper mapper) {
        try {
            JsonNode upstream = exchanges.json(target.current(), allowance);
            if (upstream instanceof ObjectNode object) {
                object.put("source", "dockerhub");
            }
            return upstream;
        } catch (DockerHubException e) {
            if (e.kind() != DockerHubException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        Target latest = Target.of(new Resource.TagImages(resource.username(), resource.name(), "latest"));
        JsonNode images;
        try {
            images = exchanges.json(latest.current(), allowance);
        } catch (DockerHubException e) {
            if (e.kind() == DockerHubException.Kind.NOT_FOUND) {
                throw new DockerHubException(DockerHubException.Kind.NOT_FOUND, e.upstreamStatus(), target.what()
                        + ": not found (Docker Hub has no Dockerfile, and no 'latest' tag to rebuild one from)");
            }
            throw e;
        }
        JsonNode image = LayerDockerfile.linuxAmd64(images);
        String contents = image == null ? null : LayerDockerfile.contents(image);
        if (contents == null) {
            throw new DockerHubException(DockerHubException.Kind.NOT_FOUND, 404, target.what()
                    + ": not found (Docker Hub has no Dockerfile, and 'latest' has no linux/amd64 image with layers)");
        }
        ObjectNode rebuilt = mapper.createObjectNode();
        rebuilt.put("contents", contents);
        rebuilt.put("source", "layers");
        return rebuilt;
    }

    /** The linux/amd64 image of a tag's images array, or null. */
    static JsonNode linuxAmd64(JsonNode images) {
        if (images == null || !images.isArray()) {
            return null;
        }
        for (JsonNode image : images) {
            if ("linux".equals(text(image, "os")) && "amd64".equals(text(image, "architecture"))) {
                return image;
            }
        }
        return null;
    }

    /** The image's layer instructions, one per line, in order; null when it lists no layers. */
    static String contents(JsonNode image) {
        JsonNode layers = image.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode layer : layers) {
            String line = instruction(text(layer, "instruction"));
            if (!line.isEmpty()) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** One layer's instruction as a Dockerfile line: {@code /bin/sh -c #(nop) CMD x} → {@code CMD x}, a bare shell command → {@code RUN ...}. */
    static String instruction(String raw) {
        String line = raw == null ? "" : raw.strip();
        if (line.endsWith(BUILDKIT)) {
            line = line.substring(0, line.length() - BUILDKIT.length()).strip();
        }
        if (line.startsWith(NOP)) {
            return line.substring(NOP.length()).strip();
        }
        if (line.startsWith(SHELL)) {
            return "RUN " + line.substring(SHELL.length()).strip();
        }
        if (line.startsWith("RUN " + SHELL)) {
            return "RUN " + line.substring(4 + SHELL.length()).strip();
        }
        Matcher withArgs = BUILD_ARGS_RUN.matcher(line);
        if (withArgs.matches()) {
            return "RUN " + withArgs.group(1).strip();
        }
        return line.isEmpty() || INSTRUCTION.matcher(line).lookingAt() ? line : "RUN " + line;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
