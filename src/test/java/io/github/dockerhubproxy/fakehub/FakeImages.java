package io.github.dockerhubproxy.fakehub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Images as the registry holds them, shaped after the OCI image and distribution specs: manifest indexes (OCI)
 * and manifest lists (Docker) with attestation manifests, single-platform manifests of both kinds, and config
 * blobs with labels and build history. Everything is addressed by the sha256 of its bytes.
 */
public final class FakeImages {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A stored object: its media type and bytes. */
    public record Stored(String mediaType, byte[] bytes) {}

    /** Manifests and blobs by digest. */
    final Map<String, Stored> byDigest = new LinkedHashMap<>();
    /** "namespace/repository:tag" to the digest of its manifest (or index). */
    final Map<String, String> tags = new LinkedHashMap<>();

    /** The images every test starts with. */
    static FakeImages standard() {
        FakeImages images = new FakeImages();
        images.multiPlatform("alice/webapp", "latest", true, List.of("linux/amd64", "linux/arm64", "linux/arm/v7"));
        images.single("alice/webapp", "1.0", false, "linux/amd64");
        images.multiPlatform("alice/worker", "latest", false,
                List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/arm/v6", "linux/s390x"));
        images.multiPlatform("library/nginx", "latest", true, List.of("linux/amd64", "linux/arm64"));
        images.single("ratelimitpreview/test", "latest", true, "linux/amd64");
        // a tag whose Docker Hub images[] is empty: only the registry knows its platforms
        images.multiPlatform("vendor/app", "3.1.0", true, List.of("linux/amd64", "linux/arm64"));
        return images;
    }

    /** The digest "sha256:<hex>" of {@code bytes}. */
    public static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest a tag points at, or null. */
    public String tagDigest(String repository, String tag) {
        return tags.get(repository + ":" + tag);
    }

    /** The stored object with this digest, or null. */
    public Stored get(String digest) {
        return byDigest.get(digest);
    }

    private String store(String mediaType, ObjectNode json) {
        try {
            byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
            String digest = digest(bytes);
            byDigest.put(digest, new Stored(mediaType, bytes));
            return digest;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A platform's config blob: labels, build history, created. */
    private ObjectNode config(String repository, String platform) {
        String[] p = platform.split("/");
        ObjectNode config = MAPPER.createObjectNode();
        config.put("created", "2026-11-20T08:00:00Z");
        config.put("architecture", p[1]);
        config.put("os", p[0]);
        if (p.length > 2) {
            config.put("variant", p[2]);
        }
        ObjectNode inner = config.putObject("config");
        inner.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        ObjectNode labels = inner.putObject("Labels");
        labels.put("org.opencontainers.image.source", "https://github.com/" + repository);
        labels.put("org.opencontainers.image.version", "1.2.3");
        ArrayNode history = config.putArray("history");
        history.addObject().put("created", "2026-11-01T00:00:00Z").put("created_by", "/bin/sh -c #(nop) ADD file:abc in / ");
        history.addObject().put("created", "2026-11-01T00:00:01Z").put("created_by", "/bin/sh -c #(nop)  CMD [\"sh\"]")
                .put("empty_layer", true);
        history.addObject().put("created", "2026-11-20T08:00:00Z").put("created_by", "RUN /bin/sh -c apk add --no-cache curl # buildkit")
                .put("comment", "buildkit.dockerfile.v0");
        history.addObject().put("created", "2026-11-20T08:00:00Z").put("created_by", "LABEL org.opencontainers.image.version=1.2.3")
                .put("comment", "buildkit.dockerfile.v0").put("empty_layer", true);
        history.addObject().put("created", "2026-11-20T08:00:00Z").put("created_by", "EXPOSE map[8080/tcp:{}]")
                .put("comment", "buildkit.dockerfile.v0").put("empty_layer", true);
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add("sha256:" + "1".repeat(64)).add("sha256:" + "2".repeat(64));
        return config;
    }

    /** A platform's image manifest (OCI or Docker), with its config blob and two layers; its digest. */
    private String manifest(String repository, String platform, boolean oci) {
        byte[] configBytes;
        try {
            configBytes = MAPPER.writeValueAsBytes(config(repository, platform));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String configType = oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json";
        String configDigest = digest(configBytes);
        byDigest.put(configDigest, new Stored(configType, configBytes));
        ObjectNode manifest = MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", oci ? OCI_MANIFEST : DOCKER_MANIFEST);
        manifest.putObject("config").put("mediaType", configType).put("digest", configDigest).put("size", configBytes.length);
        String layerType = oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip";
        ArrayNode layers = manifest.putArray("layers");
        int seed = Math.abs((repository + platform).hashCode());
        layers.addObject().put("mediaType", layerType).put("digest", digest(("base" + platform).getBytes(StandardCharsets.UTF_8)))
                .put("size", 3_600_000 + seed % 1000);
        layers.addObject().put("mediaType", layerType).put("digest", digest(("app" + repository + platform).getBytes(StandardCharsets.UTF_8)))
                .put("size", 1_200_000 + seed % 777);
        if (oci) {
            manifest.putObject("annotations").put("org.opencontainers.image.created", "2026-11-20T08:00:00Z");
        }
        return store(oci ? OCI_MANIFEST : DOCKER_MANIFEST, manifest);
    }

    /** A tag holding one platform's manifest. */
    void single(String repository, String tag, boolean oci, String platform) {
        tags.put(repository + ":" + tag, manifest(repository, platform, oci));
    }

    /** A tag holding an index (OCI, with an attestation manifest per platform) or a manifest list (Docker). */
    void multiPlatform(String repository, String tag, boolean oci, List<String> platforms) {
        ObjectNode index = MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", oci ? OCI_INDEX : DOCKER_LIST);
        ArrayNode manifests = index.putArray("manifests");
        List<String> digests = new java.util.ArrayList<>();
        for (String platform : platforms) {
            String digest = manifest(repository, platform, oci);
            digests.add(digest);
            String[] p = platform.split("/");
            ObjectNode entry = manifests.addObject();
            entry.put("mediaType", oci ? OCI_MANIFEST : DOCKER_MANIFEST).put("digest", digest).put("size", byDigest.get(digest).bytes().length);
            ObjectNode plat = entry.putObject("platform").put("architecture", p[1]).put("os", p[0]);
            if (p.length > 2) {
                plat.put("variant", p[2]);
            }
        }
        if (oci) {
            for (String platformDigest : digests) {
                ObjectNode attestation = MAPPER.createObjectNode();
                attestation.put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
                attestation.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                        .put("digest", digest("{}".getBytes(StandardCharsets.UTF_8))).put("size", 2);
                attestation.putArray("layers").addObject().put("mediaType", "application/vnd.in-toto+json")
                        .put("digest", digest(("sbom" + platformDigest).getBytes(StandardCharsets.UTF_8))).put("size", 1234);
                String digest = store(OCI_MANIFEST, attestation);
                ObjectNode entry = manifests.addObject();
                entry.put("mediaType", OCI_MANIFEST).put("digest", digest).put("size", byDigest.get(digest).bytes().length);
                entry.putObject("annotations").put("vnd.docker.reference.digest", platformDigest)
                        .put("vnd.docker.reference.type", "attestation-manifest");
                entry.putObject("platform").put("architecture", "unknown").put("os", "unknown");
            }
            index.putObject("annotations").put("org.opencontainers.image.revision", "0123456789abcdef");
        }
        tags.put(repository + ":" + tag, store(oci ? OCI_INDEX : DOCKER_LIST, index));
    }
}
