package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the registry says about a tag's images: its platforms (with sizes, layer counts, labels and annotations)
 * and a platform's build history. A tag costs one {@code HEAD}; its manifests and config blobs are read by digest,
 * so once read they are never fetched again. Attestation manifests are not platforms.
 */
final class ImageFacts {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String DEFAULT_PLATFORM = "linux/amd64";

    /** One platform's image: where the index names it, its manifest and its config. */
    private record Image(String os, String architecture, String variant, String digest, JsonNode manifest, JsonNode config) {
        String platform() {
            return os + "/" + architecture + (variant == null ? "" : "/" + variant);
        }
    }

    private final Registry registry;

    ImageFacts(Registry registry) {
        this.registry = registry;
    }

    /** The answer for a resource the registry answers. */
    JsonNode answer(Resource.FromRegistry resource, Allowance allowance) {
        return switch (resource) {
            case Resource.Platforms p -> platforms(p.registryName(), p.tag(), allowance);
            case Resource.History h -> history(h.registryName(), h.tag(), h.platform(), allowance);
        };
    }

    /** The answer for a resource worked out from the repository's whole tag list ({@code tags}). */
    JsonNode answer(Resource.FromTags resource, JsonNode tags, Allowance allowance) {
        return switch (resource) {
            case Resource.DigestTags d -> TagFacts.withDigest(tags, d.digest(), d.username() + "/" + d.name(), registry, allowance);
            case Resource.Latest l -> TagFacts.latest(tags, l, this, allowance);
        };
    }

    /** {@code [{"os", "architecture", "variant", "digest", "size", "layers", "created", "labels", "annotations"}]}. */
    ArrayNode platforms(String repository, String tag, Allowance allowance) {
        ArrayNode out = NODES.arrayNode();
        for (Image image : images(repository, tag, allowance)) {
            ObjectNode p = out.addObject();
            p.put("os", image.os());
            p.put("architecture", image.architecture());
            p.put("variant", image.variant());
            p.put("digest", image.digest());
            long size = 0;
            int layers = 0;
            for (JsonNode layer : image.manifest().path("layers")) {
                size += layer.path("size").asLong(0);
                layers++;
            }
            p.put("size", size);
            p.put("layers", layers);
            p.set("created", text(image.config().path("created")));
            p.set("labels", nonEmpty(image.config().path("config").path("Labels")));
            p.set("annotations", nonEmpty(image.manifest().path("annotations")));
        }
        return out;
    }

    /**
     * The build history of one platform ({@code os/architecture[/variant]}; null: linux/amd64, else the first):
     * {@code [{"created", "created_by", "empty_layer", "comment"}]}.
     */
    ArrayNode history(String repository, String tag, String platform, Allowance allowance) {
        List<Image> images = images(repository, tag, allowance);
        Image chosen = null;
        for (Image image : images) {
            if (image.platform().equals(platform == null ? DEFAULT_PLATFORM : platform)) {
                chosen = image;
            }
        }
        if (chosen == null && platform == null && !images.isEmpty()) {
            chosen = images.getFirst();
        }
        if (chosen == null) {
            throw new DockerHubException(DockerHubException.Kind.NOT_FOUND, 404, "tag '" + repository + ":" + tag
                    + "' has no platform " + platform + " (it has " + String.join(", ", images.stream().map(Image::platform).toList()) + ")");
        }
        ArrayNode out = NODES.arrayNode();
        for (JsonNode step : chosen.config().path("history")) {
            ObjectNode s = out.addObject();
            s.set("created", text(step.path("created")));
            s.set("created_by", text(step.path("created_by")));
            s.put("empty_layer", step.path("empty_layer").asBoolean(false));
            s.set("comment", text(step.path("comment")));
        }
        return out;
    }

    private List<Image> images(String repository, String tag, Allowance allowance) {
        String digest = registry.resolve(repository, tag, allowance);
        Registry.Manifest top = registry.manifest(repository, digest, allowance);
        JsonNode json = registry.json("manifest of '" + repository + ":" + tag + "'", top.bytes());
        List<Image> images = new ArrayList<>();
        if (!top.isIndex()) {
            JsonNode config = config(repository, json, allowance);
            images.add(new Image(config.path("os").asText(null), config.path("architecture").asText(null),
                    config.path("variant").asText(null), digest, json, config));
            return images;
        }
        for (JsonNode entry : json.path("manifests")) {
            JsonNode platform = entry.path("platform");
            boolean attestation = "attestation-manifest".equals(entry.path("annotations").path("vnd.docker.reference.type").asText())
                    || "unknown".equals(platform.path("os").asText()) && "unknown".equals(platform.path("architecture").asText());
            if (attestation) {
                continue;
            }
            String platformDigest = entry.path("digest").asText();
            JsonNode manifest = registry.json("manifest " + platformDigest, registry.manifest(repository, platformDigest, allowance).bytes());
            images.add(new Image(platform.path("os").asText(null), platform.path("architecture").asText(null),
                    platform.path("variant").asText(null), platformDigest, manifest, config(repository, manifest, allowance)));
        }
        return images;
    }

    private JsonNode config(String repository, JsonNode manifest, Allowance allowance) {
        String digest = manifest.path("config").path("digest").asText();
        return registry.json("config " + digest, registry.blob(repository, digest, allowance));
    }

    private static JsonNode text(JsonNode value) {
        return value.isTextual() ? value : NODES.nullNode();
    }

    private static JsonNode nonEmpty(JsonNode object) {
        return object.isObject() && !object.isEmpty() ? object : NODES.nullNode();
    }
}
