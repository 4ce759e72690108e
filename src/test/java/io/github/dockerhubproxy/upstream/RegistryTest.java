package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dockerhubproxy.fakehub.FakeImages;
import io.github.dockerhubproxy.fakehub.FakeRegistry;
import io.github.dockerhubproxy.support.FakeTime;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry client against the emulated registry, token service and blob CDN. */
class RegistryTest {
    private final FakeRegistry fake = FakeRegistry.start();
    private final FakeTime time = new FakeTime();

    @AfterEach
    void stop() {
        fake.close();
    }

    private Registry registry(Credentials credentials) {
        return new Registry(URI.create(fake.url()), URI.create(fake.authUrl()), credentials, Duration.ofSeconds(5),
                Duration.ofSeconds(10), 4 << 20, 16 << 20, time, time::read);
    }

    @Test
    void aTag_isResolvedWithHead_only_andTheTokenIsReusedForItsScope() {
        Registry registry = registry(Credentials.anonymous());

        String digest = registry.resolve("alice/webapp", "latest");
        registry.resolve("alice/webapp", "1.0");

        assertThat(digest).isEqualTo(fake.images.tagDigest("alice/webapp", "latest"));
        assertThat(fake.count("registry", "GET")).isZero();
        assertThat(fake.manifestRequests("HEAD", "alice/webapp", "latest")).isEqualTo(2);   // the 401, then with a token
        assertThat(fake.count("auth", "GET")).isEqualTo(1);
        assertThat(fake.seen().stream().filter(s -> s.server().equals("auth")).findFirst().orElseThrow().authorization())
                .as("anonymous token").isNull();
    }

    @Test
    void aToken_isFetchedAgain_shortlyBeforeItExpires() {
        Registry registry = registry(Credentials.anonymous());
        registry.resolve("alice/webapp", "latest");

        time.advance(Duration.ofSeconds(269));
        registry.resolve("alice/webapp", "latest");
        assertThat(fake.count("auth", "GET")).isEqualTo(1);

        time.advance(Duration.ofSeconds(2));   // 271 s of a 300 s token: within the last 30 s
        registry.resolve("alice/webapp", "latest");
        assertThat(fake.count("auth", "GET")).isEqualTo(2);
    }

    @Test
    void aLogin_isSentToTheTokenService_asBasic_andNowhereElse() {
        Registry registry = registry(Credentials.login(FakeRegistry.USERNAME, FakeRegistry.SECRET));

        registry.resolve("alice/webapp", "latest");

        assertThat(fake.seen()).filteredOn(s -> s.server().equals("auth")).singleElement()
                .satisfies(s -> assertThat(s.authorization()).startsWith("Basic "));
        assertThat(fake.seen()).filteredOn(s -> s.server().equals("registry") && s.authorization() != null)
                .allSatisfy(s -> assertThat(s.authorization()).startsWith("Bearer tok-"));
    }

    @Test
    void aChallengeNamingAForeignRealm_getsNoCredentials_andFails() {
        fake.foreignRealm(true);
        Registry registry = registry(Credentials.login(FakeRegistry.USERNAME, FakeRegistry.SECRET));

        assertThatThrownBy(() -> registry.resolve("alice/webapp", "latest"))
                .isInstanceOfSatisfying(DockerHubException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DockerHubException.Kind.AUTH_FAILED);
                    assertThat(e.getMessage()).contains("DOCKERHUB_REGISTRY_AUTH_URL").doesNotContain(FakeRegistry.SECRET);
                });
        assertThat(fake.count("foreign", null)).isZero();
        assertThat(fake.count("auth", null)).isZero();
    }

    @Test
    void manifests_areFetchedByDigest_verified_andKept() {
        Registry registry = registry(Credentials.anonymous());
        String digest = registry.resolve("alice/webapp", "latest");

        Registry.Manifest index = registry.manifest("alice/webapp", digest);
        Registry.Manifest again = registry.manifest("alice/webapp", digest);

        assertThat(index.isIndex()).isTrue();
        assertThat(index.mediaType()).isEqualTo(Registry.OCI_INDEX);
        assertThat(again).isSameAs(index);
        assertThat(fake.manifestRequests("GET", "alice/webapp", digest)).isEqualTo(1);
        assertThat(FakeImages.digest(index.bytes())).isEqualTo(digest);
    }

    @Test
    void bytesThatDoNotMatchTheirDigest_areRefused_andNotKept() {
        Registry registry = registry(Credentials.anonymous());
        String digest = fake.images.tagDigest("alice/worker", "latest");
        fake.corrupt(digest);

        assertThatThrownBy(() -> registry.manifest("alice/worker", digest))
                .isInstanceOfSatisfying(DockerHubException.class,
                        e -> assertThat(e.kind()).isEqualTo(DockerHubException.Kind.BAD_RESPONSE))
                .hasMessageContaining("nothing was kept");
        assertThatThrownBy(() -> registry.manifest("alice/worker", digest)).isInstanceOf(DockerHubException.class);
        assertThat(fake.manifestRequests("GET", "alice/worker", digest)).isEqualTo(3);   // 401 + try, then try again
    }

    @Test
    void blobs_followTheRedirect_withoutTheAuthorizationHeader_andAreVerified() {
        Registry registry = registry(Credentials.login(FakeRegistry.USERNAME, FakeRegistry.SECRET));
        String index = registry.resolve("alice/webapp", "latest");
        JsonNode platforms = registry.json("index", registry.manifest("alice/webapp", index).bytes());
        String amd64 = platforms.get("manifests").get(0).get("digest").asText();
        String config = registry.json("manifest", registry.manifest("alice/webapp", amd64).bytes()).get("config").get("digest").asText();

        JsonNode image = registry.json("config", registry.blob("alice/webapp", config));
        registry.blob("alice/webapp", config);

        assertThat(image.get("architecture").asText()).isEqualTo("amd64");
        assertThat(image.get("config").get("Labels").get("org.opencontainers.image.version").asText()).isEqualTo("1.2.3");
        assertThat(fake.seen()).filteredOn(s -> s.server().equals("cdn")).singleElement()
                .satisfies(s -> assertThat(s.authorization()).isNull());
    }

    @Test
    void thePullQuota_isReadWithHead_fromTheRatelimitHeaders() {
        Registry registry = registry(Credentials.anonymous());

        PullQuota quota = registry.quota();

        assertThat(quota.unlimited()).isFalse();
        assertThat(quota.limit()).isEqualTo(100);
        assertThat(quota.remaining()).isEqualTo(100);
        assertThat(quota.windowSeconds()).isEqualTo(21_600);
        assertThat(quota.source()).isEqualTo("203.0.113.7");
        assertThat(fake.count("registry", "GET")).isZero();

        fake.rateLimitHeaders(false);
        assertThat(registry.quota().limit()).as("read at most once a minute").isEqualTo(100);
        time.advance(Registry.QUOTA_FRESH);
        assertThat(registry.quota().unlimited()).isTrue();
        assertThat(fake.count("registry", "HEAD")).isEqualTo(3);   // 401, the read, the read a minute later
    }

    @Test
    void a503_isTriedAgain_afterABackoff_andEveryAnswersMemoryIsGivenBack() {
        MemoryPool pool = new MemoryPool(64 << 20);
        java.util.List<Duration> waits = new java.util.ArrayList<>();
        java.util.List<String> exchanged = new java.util.ArrayList<>();
        Registry registry = new Registry(URI.create(fake.url()), URI.create(fake.authUrl()), Credentials.anonymous(),
                Duration.ofSeconds(5), Duration.ofSeconds(10), 4 << 20, 16 << 20, time, time::read, pool,
                new Retries(() -> 0.5), waits::add, new UpstreamObserver() {
                    @Override
                    public void exchanged(String route, int status, long nanos) {
                        exchanged.add(route + " " + status);
                    }
                });
        String digest = registry.resolve("alice/webapp", "latest");
        fake.failNext(1, 503);

        Registry.Manifest index = registry.manifest("alice/webapp", digest);

        assertThat(index.isIndex()).isTrue();
        assertThat(waits).containsExactly(Duration.ofMillis(100));
        assertThat(exchanged).contains("registry /v2/{repository}/manifests/{reference} 503",
                "registry /v2/{repository}/manifests/{reference} 200");
        JsonNode first = registry.json("index", index.bytes()).get("manifests").get(0);
        String config = registry.json("m", registry.manifest("alice/webapp", first.get("digest").asText()).bytes())
                .get("config").get("digest").asText();
        registry.blob("alice/webapp", config);
        assertThat(pool.held()).as("bytes still counted as in flight").isZero();
    }

    @Test
    void anUnknownTag_isNotFound() {
        Registry registry = registry(Credentials.anonymous());

        assertThatThrownBy(() -> registry.resolve("alice/webapp", "nope"))
                .isInstanceOfSatisfying(DockerHubException.class, e -> assertThat(e.kind()).isEqualTo(DockerHubException.Kind.NOT_FOUND));
    }

    @Test
    void bearerChallenges_areParsed() {
        assertThat(RegistryAuth.challenge("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/nginx:pull\""))
                .containsEntry("realm", "https://auth.docker.io/token")
                .containsEntry("service", "registry.docker.io")
                .containsEntry("scope", "repository:library/nginx:pull");
        assertThat(RegistryAuth.challenge("Basic realm=\"x\"")).isEmpty();
    }
}
