package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.fakehub.FakeRegistry;
import io.github.dockerhubproxy.support.TestProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Image facts from the emulated registry, through the proxy: platforms and build history. */
class RegistryFactsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeRegistry registry = FakeRegistry.start();
    private final TestProxy proxy = TestProxy.start(registry);

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
    void latest_bySemver_skipsPreReleasesAndNonVersions_andPrefersThePlainTagOverItsVariant() throws Exception {
        JsonNode latest = json(proxy.get("/repositories/vendor/app/latest"));
        JsonNode withPre = json(proxy.get("/repositories/vendor/app/latest?prerelease=true"));

        assertThat(latest.get("tag").asText()).isEqualTo("3.1.0");
        assertThat(latest.get("sort").asText()).isEqualTo("semver");
        assertThat(latest.get("last_updated").asText()).isEqualTo("2026-11-01T08:00:00.000000Z");
        assertThat(latest.get("digest").asText()).startsWith("sha256:");
        assertThat(withPre.get("tag").asText()).isEqualTo("3.1.0");
        assertThat(json(proxy.get("/repositories/vendor/app/latest?arch=arm64")).get("tag").asText()).isEqualTo("3.1.0");
    }

    @Test
    void latest_forAnArchitecture_asksTheRegistry_whenDockerHubsImagesAreEmpty() throws Exception {
        // 3.1.0 has no images[] on Docker Hub; the registry says amd64 and arm64
        assertThat(json(proxy.get("/repositories/vendor/app/latest?arch=amd64")).get("tag").asText()).isEqualTo("3.1.0");
        assertThat(registry.manifestRequests("HEAD", "vendor/app", "3.1.0")).isPositive();
        // no tag has s390x: 404 JSON naming what was asked
        HttpResponse<String> none = proxy.get("/repositories/vendor/app/latest?arch=s390x");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json(none).get("message").asText()).contains("arch=s390x");
    }

    @Test
    void latest_byDate_isTheNewestPush_otherThanLatest_andNoPreRelease() throws Exception {
        assertThat(json(proxy.get("/repositories/vendor/app/latest?sort=date")).get("tag").asText()).isEqualTo("edge");
        assertThat(json(proxy.get("/repositories/vendor/app/latest?sort=date&arch=arm64")).get("tag").asText()).isEqualTo("3.0.0");
        assertThat(json(proxy.get("/repositories/vendor/app/latest?sort=date&arch=arm64&prerelease=true")).get("tag").asText())
                .isEqualTo("3.0.0");
        assertThat(proxy.get("/repositories/vendor/app/latest?sort=newest").statusCode()).isEqualTo(400);
        assertThat(proxy.get("/repositories/vendor/app/latest?prerelease=maybe").statusCode()).isEqualTo(400);
    }

    @Test
    void tagsSharingADigest_areListed() throws Exception {
        String digest = json(proxy.get("/repositories/vendor/app/tags/2.1.0")).get("digest").asText();
        String amd64 = json(proxy.get("/repositories/vendor/app/tags/2.1")).get("images").get(0).get("digest").asText();

        JsonNode shared = json(proxy.get("/repositories/vendor/app/digests/" + digest + "/tags"));
        JsonNode byPlatform = json(proxy.get("/repositories/vendor/app/digests/" + amd64 + "/tags"));

        assertThat(shared.get("count").asInt()).isEqualTo(2);
        assertThat(shared.get("results").findValuesAsText("")).isEmpty();
        assertThat(JSON.convertValue(shared.get("results"), List.class)).containsExactly("2.1.0", "2.1");
        assertThat(JSON.convertValue(byPlatform.get("results"), List.class)).containsExactly("2.1.0", "2.1");
        assertThat(proxy.get("/repositories/vendor/app/digests/sha256:abc/tags").statusCode()).isEqualTo(400);
        // 3.1.0's Docker Hub images[] is empty: its index (read once, by digest) names its platforms
        String index = registry.images.tagDigest("vendor/app", "3.1.0");
        String arm64 = json(proxy.get("/repositories/vendor/app/tags/3.1.0/platforms")).get(1).get("digest").asText();
        assertThat(JSON.convertValue(json(proxy.get("/repositories/vendor/app/digests/" + arm64 + "/tags")).get("results"), List.class))
                .containsExactly("3.1.0");
        assertThat(JSON.convertValue(json(proxy.get("/repositories/vendor/app/digests/" + index + "/tags")).get("results"), List.class))
                .containsExactly("latest", "3.1.0");
        assertThat(registry.seen()).as("the index is fetched once (after the token's 401), then kept by digest")
                .filteredOn(x -> x.method().equals("GET") && x.path().endsWith(index) && x.authorization() != null).hasSize(1);
        assertThat(json(proxy.get("/repositories/vendor/app/digests/sha256:" + "0".repeat(64) + "/tags")).get("count").asInt()).isZero();
    }

    @Test
    void ratelimit_showsThePullQuota_readWithHead() throws Exception {
        JsonNode pulls = json(proxy.get("/ratelimit")).get("pulls");

        assertThat(pulls.get("limit").asInt()).isEqualTo(100);
        assertThat(pulls.get("remaining").asInt()).isEqualTo(100);
        assertThat(pulls.get("window_seconds").asInt()).isEqualTo(21_600);
        assertThat(pulls.get("source").asText()).isEqualTo("203.0.113.7");
        assertThat(registry.count("registry", "GET")).isZero();
    }

    @Test
    void ratelimit_saysUnlimited_whenTheRegistrySendsNoQuota() throws Exception {
        registry.rateLimitHeaders(false);

        assertThat(json(proxy.get("/ratelimit")).get("pulls").get("unlimited").asBoolean()).isTrue();
    }

    @Test
    void aForeignRealm_is502_andGetsNothing() throws Exception {
        registry.foreignRealm(true);

        HttpResponse<String> refused = proxy.get("/repositories/alice/webapp/tags/latest/platforms");

        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(json(refused).get("message").asText()).contains("DOCKERHUB_REGISTRY_AUTH_URL");
        assertThat(registry.count("foreign", null)).isZero();
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
