package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Answers worked out from a repository's whole tag list: which tags share a digest, which tag is the newest. */
final class TagFacts {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TagFacts() {
    }

    /** {@code {"count", "results": [tag names]}}: the tags whose index or one of whose images has {@code digest}. */
    static ObjectNode withDigest(JsonNode tags, String digest, String repository, Registry registry, Allowance allowance) {
        List<String> names = new ArrayList<>();
        for (JsonNode tag : tags.path("results")) {
            String tagDigest = tag.path("digest").asText();
            boolean match = digest.equals(tagDigest);
            for (JsonNode image : tag.path("images")) {
                match |= digest.equals(image.path("digest").asText());
            }
            if (!match && tag.path("images").isEmpty() && tagDigest.matches("sha256:[0-9a-f]{64}")) {
                // Docker Hub lists no images (multi-platform tags often): the index, read once by its digest, does
                match = platformDigests(repository, tagDigest, registry, allowance).contains(digest);
            }
            if (match) {
                names.add(tag.path("name").asText());
            }
        }
        ObjectNode out = NODES.objectNode();
        out.put("count", names.size());
        names.forEach(out.putArray("results")::add);
        return out;
    }

    private static List<String> platformDigests(String repository, String digest, Registry registry, Allowance allowance) {
        Registry.Manifest manifest;
        try {
            manifest = registry.manifest(repository, digest, allowance);
        } catch (DockerHubException e) {
            if (e.kind() == DockerHubException.Kind.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        List<String> digests = new ArrayList<>();
        if (manifest.isIndex()) {
            registry.json("index " + digest, manifest.bytes()).path("manifests").forEach(m -> digests.add(m.path("digest").asText()));
        }
        return digests;
    }

    /** {@code {"tag", "digest", "last_updated", "sort"}}: the newest tag that fits; NOT_FOUND when none does. */
    static ObjectNode latest(JsonNode tags, Resource.Latest ask, ImageFacts facts, Allowance allowance) {
        for (JsonNode tag : candidates(tags, ask)) {
            if (ask.architecture() == null || hasArchitecture(tag, ask, facts, allowance)) {
                ObjectNode out = NODES.objectNode();
                out.put("tag", tag.path("name").asText());
                out.set("digest", tag.path("digest").isTextual() ? tag.get("digest") : NODES.nullNode());
                out.set("last_updated", tag.path("last_updated").isTextual() ? tag.get("last_updated") : NODES.nullNode());
                out.put("sort", ask.semver() ? "semver" : "date");
                return out;
            }
        }
        throw new DockerHubException(DockerHubException.Kind.NOT_FOUND, 404, "no tag of '" + ask.username() + "/" + ask.name()
                + "' fits (sort=" + (ask.semver() ? "semver" : "date") + (ask.architecture() == null ? "" : ", arch=" + ask.architecture())
                + ", prerelease=" + ask.preRelease() + ")");
    }

    /** The tags that may answer, newest first. */
    private static List<JsonNode> candidates(JsonNode tags, Resource.Latest ask) {
        List<JsonNode> all = new ArrayList<>();
        tags.path("results").forEach(all::add);
        if (ask.semver()) {
            record Versioned(TagVersion version, JsonNode tag) {}
            return all.stream()
                    .flatMap(t -> TagVersion.of(t.path("name").asText()).map(v -> new Versioned(v, t)).stream())
                    .filter(v -> ask.preRelease() || !v.version().isPreRelease())
                    .sorted(Comparator.comparing(Versioned::version)
                            .thenComparing(v -> v.tag().path("last_updated").asText("")).reversed())
                    .map(Versioned::tag)
                    .toList();
        }
        List<JsonNode> byDate = all.stream()
                .filter(t -> ask.preRelease() || TagVersion.of(t.path("name").asText()).map(v -> !v.isPreRelease()).orElse(true))
                .sorted(Comparator.comparing((JsonNode t) -> t.path("last_updated").asText("")).reversed())
                .toList();
        // "latest" names no version: the newest other tag says more, when there is one
        List<JsonNode> named = byDate.stream().filter(t -> !t.path("name").asText().equals("latest")).toList();
        return named.isEmpty() ? byDate : named;
    }

    /** From Docker Hub's {@code images[]}; when it is empty (multi-platform tags often), from the registry. */
    private static boolean hasArchitecture(JsonNode tag, Resource.Latest ask, ImageFacts facts, Allowance allowance) {
        JsonNode images = tag.path("images");
        if (images.isArray() && !images.isEmpty()) {
            for (JsonNode image : images) {
                if (ask.architecture().equals(image.path("architecture").asText())) {
                    return true;
                }
            }
            return false;
        }
        Optional<JsonNode> platforms;
        try {
            platforms = Optional.of(facts.platforms(ask.username() + "/" + ask.name(), tag.path("name").asText(), allowance));
        } catch (DockerHubException e) {
            if (e.kind() == DockerHubException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
        for (JsonNode platform : platforms.get()) {
            if (ask.architecture().equals(platform.path("architecture").asText())) {
                return true;
            }
        }
        return false;
    }
}
