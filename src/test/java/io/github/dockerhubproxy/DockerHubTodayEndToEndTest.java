package io.github.dockerhubproxy;

import static io.github.dockerhubproxy.ProxyEndToEndTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.support.TestProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Docker Hub as it is today: access tokens, private repositories, current routes, tag details, retired features. */
class DockerHubTodayEndToEndTest {
    private static final Map<String, String> PAT = Map.of("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_TOKEN", FakeDockerHub.PAT);

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.get("results").forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    @Test
    void personalAccessToken_isExchangedOnce_andTheAccessTokenSent() {
        try (TestProxy proxy = TestProxy.start(PAT)) {
            proxy.hub.requireAuth(true);

            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/repositories/alice/webapp").statusCode()).isEqualTo(200);

            assertThat(proxy.hub.count("/v2/auth/token")).isEqualTo(1);
            assertThat(proxy.hub.count("/v2/users/login/")).isZero();
            String jwt = proxy.hub.issuedTokens().get(0);
            assertThat(jwt).startsWith("eyJ");
            assertThat(proxy.hub.requests()).filteredOn(r -> r.method().equals("GET"))
                    .extracting(FakeDockerHub.Recorded::authorization).containsOnly("Bearer " + jwt);
        }
    }

    @Test
    void organisationAccessToken_isExchangedWithTheOrganisationAsIdentifier() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", "bigorg", "DOCKERHUB_TOKEN", FakeDockerHub.OAT))) {
            proxy.hub.requireAuth(true);

            assertThat(proxy.get("/repositories/bigorg/repo-0001/tags").statusCode()).isEqualTo(200);
            assertThat(proxy.hub.count("/v2/auth/token")).isEqualTo(1);
        }
    }

    @Test
    void accessToken_isRefreshedBeforeItsExp_andNeverSentExpired() {
        try (TestProxy proxy = TestProxy.start(PAT)) {
            proxy.hub.requireAuth(true).clock(proxy.time).tokenLifetime(Duration.ofSeconds(40));

            proxy.get("/users/alice");
            proxy.time.advance(Duration.ofSeconds(29));
            proxy.get("/users/bigorg");
            assertThat(proxy.hub.logins()).isEqualTo(1);

            proxy.time.advance(Duration.ofSeconds(2));
            proxy.get("/users/emptyuser");
            assertThat(proxy.hub.logins()).isEqualTo(2);
            assertThat(proxy.hub.requests()).extracting(FakeDockerHub.Recorded::authorization).last()
                    .isEqualTo("Bearer " + proxy.hub.issuedTokens().get(1));

            proxy.hub.fail("/v2/auth/token", 500, -1);
            proxy.time.advance(Duration.ofSeconds(41));
            HttpResponse<String> expired = proxy.get("/repositories/alice/webapp");
            assertThat(expired.statusCode()).isEqualTo(502);
            assertThat(proxy.hub.count("/v2/namespaces/alice/repositories/webapp")).isZero();
        }
    }

    @Test
    void whereAuthTokenDoesNotExist_theLegacyLoginIsUsed_andRemembered() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_PASSWORD", FakeDockerHub.PASSWORD))) {
            proxy.hub.requireAuth(true).authTokenRoute(false);

            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(200);
            proxy.hub.expireTokens();
            assertThat(proxy.get("/users/bigorg").statusCode()).isEqualTo(200);

            assertThat(proxy.hub.count("/v2/auth/token")).isEqualTo(1);
            assertThat(proxy.hub.count("/v2/users/login/")).isEqualTo(2);
        }
    }

    @Test
    void passwordOnATwoFactorAccount_stopsWithAMessageAboutAccessTokens() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_PASSWORD", FakeDockerHub.PASSWORD))) {
            proxy.hub.twoFactor(true).requireAuth(true);

            HttpResponse<String> response = proxy.get("/users/alice");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(json(response).get("message").asText()).contains("two-factor").contains("access token")
                    .contains("DOCKERHUB_TOKEN").doesNotContain(FakeDockerHub.PASSWORD);
        }
    }

    @Test
    void privateRepositories_areHiddenByDefault() {
        try (TestProxy proxy = TestProxy.start(PAT)) {
            JsonNode list = json(proxy.get("/repositories/alice"));

            assertThat(names(list)).doesNotContain("secret-stuff").hasSize(5);
            assertThat(list.get("count").asInt()).isEqualTo(5);
            for (String route : List.of("", "/tags", "/tags/latest", "/tags/latest/images", "/dockerfile", "/comments")) {
                HttpResponse<String> response = proxy.get("/repositories/alice/secret-stuff" + route);
                assertThat(response.statusCode()).as(route).isEqualTo(404);
                assertThat(response.body()).as(route).doesNotContain("private");
            }
            assertThat(proxy.hub.count("/v2/namespaces/alice/repositories/secret-stuff/tags")).isZero();
        }
    }

    @Test
    void privateRepositories_areShownWithShowPrivate() {
        Map<String, String> env = new java.util.HashMap<>(PAT);
        env.put("SHOW_PRIVATE", "true");
        try (TestProxy proxy = TestProxy.start(env)) {
            JsonNode list = json(proxy.get("/repositories/alice"));

            assertThat(names(list)).contains("secret-stuff");
            assertThat(list.get("count").asInt()).isEqualTo(6);
            assertThat(proxy.get("/repositories/alice/secret-stuff").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/repositories/alice/secret-stuff/tags").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void currentRoutes_areUsedFirst() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.get("/repositories/alice");
            proxy.get("/repositories/alice/webapp");
            proxy.get("/repositories/alice/webapp/tags?limit=5");
            proxy.get("/repositories/alice/webapp/tags/latest");

            assertThat(proxy.hub.requests()).extracting(FakeDockerHub.Recorded::path).containsExactly(
                    "/v2/namespaces/alice/repositories",
                    "/v2/namespaces/alice/repositories/webapp",
                    "/v2/namespaces/alice/repositories/webapp/tags",
                    "/v2/namespaces/alice/repositories/webapp/tags/latest");
        }
    }

    @Test
    void legacyRoutes_areTheFallback_andRemembered() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.namespacesRoutes(false);

            assertThat(proxy.get("/repositories/alice/webapp").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/repositories/alice/worker").statusCode()).isEqualTo(200);
            assertThat(json(proxy.get("/repositories/bigorg")).get("results")).hasSize(1234);

            assertThat(proxy.hub.requests()).extracting(FakeDockerHub.Recorded::target).startsWith(
                    "/v2/namespaces/alice/repositories/webapp",
                    "/v2/repositories/alice/webapp/",
                    "/v2/repositories/alice/worker/",
                    "/v2/namespaces/bigorg/repositories?page_size=100",
                    "/v2/repositories/bigorg/?page_size=100");
            assertThat(proxy.hub.count()).isEqualTo(3 + 1 + 13);
        }
    }

    @Test
    void singleTag_hasItsImages() {
        try (TestProxy proxy = TestProxy.start()) {
            JsonNode tag = json(proxy.get("/repositories/alice/webapp/tags/latest"));
            JsonNode images = json(proxy.get("/repositories/alice/webapp/tags/latest/images"));

            assertThat(tag.get("name").asText()).isEqualTo("latest");
            assertThat(tag.get("images").get(0).get("architecture").asText()).isEqualTo("amd64");
            assertThat(images.isArray()).isTrue();
            assertThat(images.get(1).get("variant").asText()).isEqualTo("v8");
            assertThat(images.get(0).get("layers").get(1).get("instruction").asText()).contains("CMD");
        }
    }

    @Test
    void limit_returnsTheFirstItems_withTheUpstreamCount_fetchingOnlyThePagesNeeded() {
        try (TestProxy proxy = TestProxy.start()) {
            JsonNode first150 = json(proxy.get("/repositories/bigorg?limit=150"));
            JsonNode first5 = json(proxy.get("/repositories/bigorg?limit=5"));

            assertThat(first150.get("count").asInt()).isEqualTo(1234);
            assertThat(first150.get("results")).hasSize(150);
            assertThat(first5.get("results")).hasSize(5);
            assertThat(proxy.hub.requests()).extracting(FakeDockerHub.Recorded::query)
                    .containsExactly("page_size=100", "page_size=100&page=2", "page_size=5");
        }
    }

    @Test
    void limitAboveTheConfiguredCap_isCapped() {
        try (TestProxy proxy = TestProxy.start(Map.of("LIST_MAX_REPOSITORIES", "250"))) {
            JsonNode list = json(proxy.get("/repositories/bigorg?limit=5000"));
            JsonNode plain = json(proxy.get("/repositories/bigorg"));

            assertThat(list.get("results")).hasSize(250);
            assertThat(plain.get("results")).hasSize(250);
        }
    }

    @Test
    void orderingAndName_areSentUpstreamOnEveryPage() {
        try (TestProxy proxy = TestProxy.start()) {
            JsonNode tags = json(proxy.get("/repositories/alice/webapp/tags?ordering=-name&limit=3"));
            JsonNode repos = json(proxy.get("/repositories/hugeorg?name=image-01&limit=150"));

            assertThat(names(tags)).isSortedAccordingTo(java.util.Comparator.reverseOrder()).hasSize(3);
            assertThat(names(repos)).hasSize(150).allSatisfy(n -> assertThat(n).contains("image-01"));
            assertThat(proxy.hub.requests()).extracting(FakeDockerHub.Recorded::query).containsExactly(
                    "page_size=3&ordering=-name", "page_size=100&name=image-01", "page_size=100&name=image-01&page=2");
        }
    }

    @Test
    void theQuery_isPartOfTheCacheKey() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.get("/repositories/alice/webapp/tags?limit=3");
            proxy.get("/repositories/alice/webapp/tags?limit=4");
            proxy.get("/repositories/alice/webapp/tags?limit=3");
            proxy.get("/repositories/alice/webapp/tags?limit=3&ordering=name");
            proxy.get("/repositories/alice/webapp/tags?ordering=name&limit=3");

            assertThat(proxy.hub.count()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/repositories/alice?limit=0",
        "/repositories/alice?limit=abc",
        "/repositories/alice?limit=",
        "/repositories/alice?limit=-3",
        "/repositories/alice?limit=1&limit=2",
        "/repositories/alice?ordering=stars",
        "/repositories/alice/webapp/tags?ordering=pull_count",
        "/repositories/alice?name=a%20b",
        "/repositories/alice?name=%C3%A9",
        "/repositories/alice/webapp/comments?ordering=name",
        "/repositories/alice/webapp/builds?name=x",
    })
    void invalidQuery_is400_andNothingGoesUpstream(String path) {
        try (TestProxy proxy = TestProxy.start()) {
            HttpResponse<String> response = proxy.get(path);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(json(response).get("status").asInt()).isEqualTo(400);
            assertThat(proxy.hub.count()).isZero();
        }
    }

    @Test
    void dockerfile_isRebuiltFromTheLatestAmd64Layers_whenDockerHubHasNone() {
        try (TestProxy proxy = TestProxy.start()) {
            JsonNode rebuilt = json(proxy.get("/repositories/alice/worker/dockerfile"));
            JsonNode upstream = json(proxy.get("/repositories/alice/webapp/dockerfile"));

            assertThat(rebuilt.get("source").asText()).isEqualTo("layers");
            assertThat(rebuilt.get("contents").asText()).isEqualTo("""
                    ADD file:5d673d25da3a14ce1f6cf66e4c7fd4f4b85a3759a9d93efb3fd9ff852b5b56e4 in /
                    CMD ["/bin/sh"]
                    RUN apk add --no-cache python3
                    COPY . /app
                    CMD ["python3" "/app/worker.py"]
                    """);
            assertThat(upstream.get("source").asText()).isEqualTo("dockerhub");
            assertThat(upstream.get("contents").asText()).startsWith("FROM python");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"comments, 2017", "builds, 2021", "builds/b00001, 2021"})
    void retiredFeature_saysSo_forARepositoryThatExists(String route, String year) {
        try (TestProxy proxy = TestProxy.start()) {
            HttpResponse<String> retired = proxy.get("/repositories/alice/worker/" + route);
            HttpResponse<String> missing = proxy.get("/repositories/alice/nosuchrepo/" + route);

            assertThat(retired.statusCode()).isEqualTo(410);
            assertThat(json(retired).get("message").asText()).contains("retir").contains(year);
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void autobuild_isA404UntilDockerHubRemovesAutomatedBuilds_thenA410() {
        try (TestProxy proxy = TestProxy.start(Map.of("CACHE_NOT_FOUND_TTL", "0"))) {
            HttpResponse<String> none = proxy.get("/repositories/alice/worker/autobuild");
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(json(none).get("message").asText()).contains("no automated build is configured");
            assertThat(proxy.get("/repositories/alice/webapp/autobuild").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/repositories/alice/nosuchrepo/autobuild").statusCode()).isEqualTo(404);

            proxy.time.advance(java.time.Duration.between(proxy.time.instant(), java.time.Instant.parse("2027-04-01T00:00:01Z")));
            HttpResponse<String> removed = proxy.get("/repositories/alice/worker/autobuild");
            assertThat(removed.statusCode()).isEqualTo(410);
            assertThat(json(removed).get("message").asText()).contains("removed automated builds on 1 April 2027");
        }
    }

    @Test
    void aRouteDockerHubItselfAnswers410_is410() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.script("/v2/repositories/alice/webapp/autobuild/", 410, "application/json",
                    "{\"detail\":\"Automated builds are no longer available\"}", -1);

            HttpResponse<String> gone = proxy.get("/repositories/alice/webapp/autobuild");

            assertThat(gone.statusCode()).isEqualTo(410);
            assertThat(json(gone).get("message").asText()).contains("no longer available");
        }
    }

    @Test
    void ratelimit_reportsTheLastSeenHeaders() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.script("/v2/users/alice/", 200, "application/json", "{\"username\":\"alice\"}", 1,
                    Map.of("X-RateLimit-Limit", "180", "X-RateLimit-Remaining", "42", "X-RateLimit-Reset", "1790000000"));
            JsonNode before = json(proxy.get("/ratelimit"));
            proxy.get("/users/alice");

            HttpResponse<String> response = proxy.get("/ratelimit");
            JsonNode after = json(response);

            assertThat(before.get("observed").asBoolean()).isFalse();
            assertThat(after.get("limit").isInt()).isTrue();
            assertThat(after.get("limit").asInt()).isEqualTo(180);
            assertThat(after.get("remaining").asInt()).isEqualTo(42);
            assertThat(after.get("reset").asLong()).isEqualTo(1790000000L);
            assertThat(after.get("authenticated").asBoolean()).isFalse();
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
    }

    @Test
    void ratelimit_saysWhenAuthenticated() {
        try (TestProxy proxy = TestProxy.start(PAT)) {
            assertThat(json(proxy.get("/ratelimit")).get("authenticated").asBoolean()).isTrue();
        }
    }
}
