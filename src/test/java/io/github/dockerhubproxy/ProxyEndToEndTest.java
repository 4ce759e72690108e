package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.support.TestProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every route end to end, over real sockets, against the emulated Docker Hub. */
class ProxyEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    private TestProxy proxy;

    @BeforeEach
    void start() {
        proxy = TestProxy.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/users/alice, /v2/users/alice/",
        "/repositories/alice/webapp, /v2/namespaces/alice/repositories/webapp",
        "/repositories/alice/webapp/autobuild, /v2/repositories/alice/webapp/autobuild/",
        "/repositories/alice/webapp/tags/latest, /v2/namespaces/alice/repositories/webapp/tags/latest",
        "/repositories/alice/webapp/tags/1.249/images, /v2/repositories/alice/webapp/tags/1.249/images",
        "/repositories/alice/webapp/builds/b00002, /v2/repositories/alice/webapp/buildhistory/b00002/",
    })
    void objectRoute_returnsUpstreamObjectUnchanged(String route, String upstreamPath) throws Exception {
        HttpResponse<String> response = proxy.get(route);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(proxy.hub.requests()).extracting(FakeDockerHub.Recorded::target).containsExactly(upstreamPath);
        HttpResponse<String> direct = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(proxy.hub.url() + upstreamPath)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json(response)).isEqualTo(JSON.readTree(direct.body()));
    }

    @ParameterizedTest(name = "{0}: {1} pages, count {2}, {3} results")
    @CsvSource({
        "/repositories/alice, 1, 5, 5",
        "/repositories/bigorg, 13, 1234, 1234",
        "/repositories/emptyuser, 1, 0, 0",
        "/repositories/alice/webapp/tags, 3, 250, 250",
        "/repositories/alice/manytags/tags, 10, 1050, 1000",
        "/repositories/alice/webapp/comments, 2, 150, 150",
        "/repositories/alice/webapp/builds, 3, 230, 230",
        "/repositories/alice/manybuilds/builds, 10, 1010, 1000",
    })
    void listRoute_joinsEveryPageUpToTheLimit(String route, int pages, int count, int results) {
        HttpResponse<String> response = proxy.get(route);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("count", "results");
        assertThat(body.get("count").asInt()).isEqualTo(count);
        assertThat(body.get("results")).hasSize(results);
        assertThat(proxy.hub.count()).isEqualTo(pages);
        assertThat(proxy.hub.requests()).allSatisfy(r -> assertThat(r.query()).startsWith("page_size=100"));
    }

    @Test
    void listRoute_keepsPageOrder() {
        JsonNode results = json(proxy.get("/repositories/bigorg")).get("results");

        List<String> names = new ArrayList<>();
        results.forEach(r -> names.add(r.get("name").asText()));
        assertThat(names).first().isEqualTo("repo-0001");
        assertThat(names).last().isEqualTo("repo-1234");
        assertThat(names).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void nonAsciiText_isDecodedAsUtf8() {
        HttpResponse<String> user = proxy.get("/users/alice");
        HttpResponse<String> repos = proxy.get("/repositories/alice");

        assertThat(json(user).get("full_name").asText()).isEqualTo("Alice Müller");
        assertThat(json(repos).get("results").get(2).get("description").asText()).isEqualTo("Tools – für Müller’s builds");
    }

    @Test
    void trailingSlash_meansTheSameRoute() {
        HttpResponse<String> plain = proxy.get("/repositories/alice/webapp/tags");
        HttpResponse<String> slashed = proxy.get("/repositories/alice/webapp/tags/");

        assertThat(slashed.statusCode()).isEqualTo(200);
        assertThat(slashed.body()).isEqualTo(plain.body());
        assertThat(proxy.hub.count()).as("second request served from the cache").isEqualTo(3);
    }

    @Test
    void head_returnsHeadersOfGetWithoutBody_andFillsTheCache() {
        HttpResponse<String> head = proxy.send("HEAD", "/users/alice");
        HttpResponse<String> get = proxy.get("/users/alice");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        assertThat(head.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(proxy.hub.count()).isEqualTo(1);
    }

    @Test
    void cacheHit_makesNoUpstreamCall_untilTheTtlPasses() {
        proxy.get("/repositories/alice/webapp");
        proxy.time.advance(Duration.ofSeconds(299));
        HttpResponse<String> cached = proxy.get("/repositories/alice/webapp");
        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(proxy.hub.count()).isEqualTo(1);

        proxy.time.advance(Duration.ofSeconds(2));
        proxy.get("/repositories/alice/webapp");
        assertThat(proxy.hub.count()).isEqualTo(2);
    }

    @Test
    void concurrentColdRequests_shareOneUpstreamLoad() throws Exception {
        List<HttpResponse<String>> answers = TestProxy.whileHeld(proxy.hub, "/v2/namespaces/bigorg/repositories",
                List.of(proxy), 30, "/repositories/bigorg");

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
        assertThat(proxy.hub.count()).isEqualTo(13);
    }

    @Test
    void upstream404_is404Json_cachedBriefly() {
        HttpResponse<String> first = proxy.get("/users/nobody");
        HttpResponse<String> second = proxy.get("/users/nobody");

        assertThat(first.statusCode()).isEqualTo(404);
        assertThat(json(first).get("status").asInt()).isEqualTo(404);
        assertThat(json(first).get("message").asText()).contains("nobody").contains("not found");
        assertThat(second.statusCode()).isEqualTo(404);
        assertThat(proxy.hub.count()).isEqualTo(1);

        proxy.time.advance(Duration.ofSeconds(31));
        proxy.get("/users/nobody");
        assertThat(proxy.hub.count()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/repositories/alice/nosuchrepo",
        "/repositories/alice/nosuchrepo/dockerfile",
        "/repositories/alice/nosuchrepo/autobuild",
        "/repositories/alice/webapp/tags/nosuchtag",
        "/repositories/alice/webapp/tags/nosuchtag/images",
        "/repositories/nobody",
        "/repositories/alice/nosuchrepo/tags",
    })
    void missingUpstreamObject_is404(String route) {
        HttpResponse<String> response = proxy.get(route);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void upstream500_is502_andNotCached() {
        proxy.hub.fail("/v2/users/alice/", 500, 1);

        HttpResponse<String> failed = proxy.get("/users/alice");
        HttpResponse<String> recovered = proxy.get("/users/alice");

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(json(failed).get("message").asText()).contains("500");
        assertThat(recovered.statusCode()).isEqualTo(200);
    }

    @Test
    void upstreamFailureOnALaterPage_is502() {
        proxy.hub.fail("/v2/namespaces/bigorg/repositories?page_size=100&page=7", 503, 3);

        HttpResponse<String> response = proxy.get("/repositories/bigorg");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response).get("status").asInt()).isEqualTo(502);
    }

    @Test
    void upstream429_is503WithRetryAfter() {
        proxy.hub.script("/v2/users/alice/", 429, "application/json", "{\"detail\": \"Rate limit exceeded\", \"error\": false}", 1);

        HttpResponse<String> response = proxy.get("/users/alice");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(json(response).get("message").asText()).contains("Rate limit exceeded");
    }

    @Test
    void upstreamNonJson_is502() {
        proxy.hub.script("/v2/users/alice/", 200, "text/html", "<html>maintenance</html>", 1);

        HttpResponse<String> response = proxy.get("/users/alice");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void unknownRoute_is404Json() {
        for (String path : List.of("/", "/users", "/users/", "/nope", "/users/alice/extra", "/repositories/a/b/c")) {
            HttpResponse<String> response = proxy.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(json(response).get("status").asInt()).isEqualTo(404);
        }
        assertThat(proxy.hub.count()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POST", "PUT", "DELETE", "PATCH"})
    void otherMethod_is405WithAllow(String method) {
        HttpResponse<String> response = proxy.send(method, "/repositories/alice/webapp/tags");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
        assertThat(json(response).get("status").asInt()).isEqualTo(405);
        assertThat(proxy.hub.count()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/users/a%20b",
        "/users/alice%3Fx=1",
        "/users/alice%23frag",
        "/users/alice%2Fx",
        "/users/%C3%A9",
        "/users/al%01ice",
        "/users/-alice",
        "/repositories/alice/web%20app",
        "/repositories/alice/webapp/builds/b%2F1",
    })
    void invalidPathValue_is400_andNothingGoesUpstream(String path) {
        HttpResponse<String> response = proxy.get(path);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("status").asInt()).isEqualTo(400);
        assertThat(json(response).get("message").asText()).startsWith("invalid");
        assertThat(proxy.hub.count()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/users/al%zzice", "/users/al%c3ice", "/users/alice%", "/users/al ice"})
    void malformedPath_isAnsweredWith4xxJson_neverADroppedConnection(String path) throws IOException {
        String answer = proxy.raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("Content-Type: application/json").contains("\"status\":400");
        assertThat(proxy.hub.count()).isZero();
    }

    @Test
    void overLongName_is400() {
        HttpResponse<String> response = proxy.get("/users/" + "a".repeat(256));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(proxy.hub.count()).isZero();
    }

    @Test
    void percentEncodedValidName_isDecodedAndSentEncoded() {
        HttpResponse<String> response = proxy.get("/users/al%69ce");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(proxy.hub.requests()).extracting(FakeDockerHub.Recorded::path).containsExactly("/v2/users/alice/");
    }

    @Test
    void queryString_isIgnored() {
        proxy.get("/repositories/alice?page=2&page_size=1");
        HttpResponse<String> response = proxy.get("/repositories/alice");

        assertThat(json(response).get("results")).hasSize(5);
        assertThat(proxy.hub.count()).isEqualTo(1);
    }
}
