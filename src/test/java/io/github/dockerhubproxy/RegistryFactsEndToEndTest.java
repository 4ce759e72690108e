package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.fakehub.FakeRegistry;
import io.github.dockerhubproxy.support.TestProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Image facts from the emulated registry, through the proxy: platforms and build history. */
class RegistryFactsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeRegistry registry = FakeRegistry.start();
    private final TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_REGISTRY_URL", registry.url(),
            "DOCKERHUB_REGISTRY_AUTH_URL", registry.authUrl()));

    @AfterEach
    void stop() {
        proxy.close();
        registry.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void platforms_ofAMultiPlatformIndex_leaveAttestationsOut() throws Exception {
        HttpResponse<String> response = proxy.get("/repositories/alice/webapp/tags/latest/platforms");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode platforms = json(response);
        assertThat(platforms).hasSize(3);
        assertThat(platforms.findValuesAsText("architecture")).containsExactly("amd64", "arm64", "arm");
        JsonNode armv7 = platforms.get(2);
        assertThat(armv7.get("os").asText()).isEqualTo("linux");
        assertThat(armv7.get("variant").asText()).isEqualTo("v7");
        assertThat(platforms.get(0).get("variant").isNull()).isTrue();
        assertThat(armv7.get("digest").asText()).startsWith("sha256:");
        assertThat(armv7.get("layers").asInt()).isEqualTo(2);
        assertThat(armv7.get("size").asLong()).isBetween(4_800_000L, 4_802_000L);
        assertThat(armv7.get("created").asText()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(armv7.get("labels").get("org.opencontainers.image.version").asText()).isEqualTo("1.2.3");
        assertThat(armv7.get("annotations").get("org.opencontainers.image.created").asText()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(response.headers().firstValue("ETag")).isPresent();
    }

    @Test
    void platforms_ofADockerManifestList_andOfASingleManifest() throws Exception {
        JsonNode worker = json(proxy.get("/repositories/alice/worker/tags/latest/platforms"));
        JsonNode single = json(proxy.get("/repositories/alice/webapp/tags/1.0/platforms"));

        assertThat(worker).hasSize(5);
        assertThat(worker.get(0).get("annotations").isNull()).isTrue();   // Docker's manifests have none
        assertThat(single).hasSize(1);
        assertThat(single.get(0).get("architecture").asText()).isEqualTo("amd64");
        assertThat(single.get(0).get("os").asText()).isEqualTo("linux");
    }

    @Test
    void officialImages_liveUnderLibrary() throws Exception {
        JsonNode nginx = json(proxy.get("/repositories/library/nginx/tags/latest/platforms"));

        assertThat(nginx.findValuesAsText("architecture")).containsExactly("amd64", "arm64");
    }

    @Test
    void afterTheTtl_theSameAnswer_costsTheRegistryOneHead_andNothingElse() {
        String path = "/repositories/alice/worker/tags/latest/platforms";
        assertThat(proxy.get(path).statusCode()).isEqualTo(200);
        long before = registry.count("registry", null);
        // the first answer: HEAD (401, then with a token), the index, five manifests, five config blobs (each sent on
        // to the CDN), and one token
        assertThat(registry.count("registry", "HEAD")).isEqualTo(2);
        assertThat(registry.count("registry", "GET")).isEqualTo(11);
        assertThat(registry.count("cdn", "GET")).isEqualTo(5);
        assertThat(registry.count("auth", "GET")).isEqualTo(1);

        proxy.time.advance(Duration.ofSeconds(300));
        proxy.get(path);   // stale: served, and refreshed in the background (at once, in tests)
        HttpResponse<String> refreshed = proxy.get(path);

        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(refreshed.headers().firstValue("Age")).contains("0");
        List<FakeRegistry.Seen> after = registry.seen().stream().filter(s -> s.server().equals("registry")).skip(before).toList();
        assertThat(after).singleElement().satisfies(s -> {
            assertThat(s.method()).isEqualTo("HEAD");
            assertThat(s.path()).isEqualTo("/v2/alice/worker/manifests/latest");
        });
    }

    @Test
    void history_isTheConfigsBuildSteps_ofTheAskedPlatform() throws Exception {
        HttpResponse<String> amd64 = proxy.get("/repositories/alice/webapp/tags/latest/history");
        HttpResponse<String> armv7 = proxy.get("/repositories/alice/webapp/tags/latest/history?platform=linux/arm/v7");

        assertThat(amd64.statusCode()).isEqualTo(200);
        JsonNode steps = json(amd64);
        assertThat(steps).hasSize(5);
        assertThat(steps.get(1).get("empty_layer").asBoolean()).isTrue();
        assertThat(steps.get(0).get("empty_layer").asBoolean()).isFalse();
        assertThat(steps.get(0).get("comment").isNull()).isTrue();
        assertThat(steps.get(3).get("created_by").asText()).startsWith("LABEL");
        assertThat(steps.get(4).get("created_by").asText()).startsWith("EXPOSE");
        assertThat(steps.get(2).get("comment").asText()).isEqualTo("buildkit.dockerfile.v0");
        assertThat(armv7.statusCode()).isEqualTo(200);
    }

    @Test
    void history_ofAPlatformTheTagLacks_is404_andABadPlatform_is400() throws Exception {
        HttpResponse<String> missing = proxy.get("/repositories/alice/webapp/tags/latest/history?platform=linux/s390x");
        HttpResponse<String> bad = proxy.get("/repositories/alice/webapp/tags/latest/history?platform=amd64");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("message").asText()).contains("linux/s390x").contains("linux/amd64");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("message").asText()).contains("os/architecture");
    }

    @Test
    void anUnknownTag_is404_andBytesThatFailTheirDigest_are502_andNotCached() throws Exception {
        assertThat(proxy.get("/repositories/alice/webapp/tags/nope/platforms").statusCode()).isEqualTo(404);

        registry.corrupt(registry.images.tagDigest("alice/worker", "latest"));
        HttpResponse<String> corrupt = proxy.get("/repositories/alice/worker/tags/latest/platforms");

        assertThat(corrupt.statusCode()).isEqualTo(502);
        assertThat(json(corrupt).get("message").asText()).contains("digest");
        assertThat(corrupt.headers().firstValue("Cache-Control")).contains("no-store");
    }
}
