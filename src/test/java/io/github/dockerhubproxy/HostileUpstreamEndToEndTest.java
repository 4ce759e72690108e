package io.github.dockerhubproxy;

import static io.github.dockerhubproxy.ProxyEndToEndTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.support.HostileUpstream;
import io.github.dockerhubproxy.support.TestProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An upstream that misbehaves — endless, huge, slow, wrongly shaped, echoing, absurd — never takes the proxy down. */
class HostileUpstreamEndToEndTest {
    /** Far more than a bounded read lets through (socket buffers hold a few MB), far less than an unbounded one reads. */
    private static final long READ_CEILING = 32L << 20;

    private static void assertCutOff(TestProxy proxy, HostileUpstream upstream, String path) {
        HttpResponse<String> response = proxy.get(path);

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(json(response).get("message").asText()).contains("too large").contains("UPSTREAM_MAX_BODY_MB");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(upstream.written()).isLessThan(READ_CEILING);
        assertHungUp(upstream);
        // nothing was cached: the next request asks again (and is cut off again)
        assertThat(proxy.get(path).statusCode()).isEqualTo(502);
        assertThat(upstream.requests()).isEqualTo(2);
    }

    /** The proxy dropped the connection: the writer meets it closed (waited for at most 10 s, it is asynchronous). */
    private static void assertHungUp(HostileUpstream upstream) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (upstream.dropped() == 0 && System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        assertThat(upstream.dropped()).isPositive();
    }

    @Test
    void endlessChunkedBody_isCutOffAtTheBodyLimit_notRetried_notCached() {
        try (HostileUpstream upstream = HostileUpstream.start(HostileUpstream.Body.ENDLESS_CHUNKED);
                TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_API_URL", upstream.url(), "UPSTREAM_MAX_BODY_MB", "1"))) {
            assertCutOff(proxy, upstream, "/users/alice");
        }
    }

    @Test
    void declaredContentLengthAboveTheLimit_isRefusedBeforeReading() {
        try (HostileUpstream upstream = HostileUpstream.start(HostileUpstream.Body.HUGE_LENGTH);
                TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_API_URL", upstream.url()))) {
            HttpResponse<String> response = proxy.get("/users/alice");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(json(response).get("message").asText()).contains("declared 2147483648 bytes");
            assertThat(upstream.requests()).isEqualTo(1);
            assertThat(upstream.written()).isLessThan(READ_CEILING);
            assertHungUp(upstream);
        }
    }

    @Test
    void trickledBody_endsAtTheDeadline_bodyIncluded() {
        try (HostileUpstream upstream = HostileUpstream.start(HostileUpstream.Body.TRICKLE);
                TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_API_URL", upstream.url(), "UPSTREAM_TIMEOUT", "2"))) {
            HttpResponse<String> response = proxy.get("/users/alice");

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(json(response).get("message").asText()).contains("body included");
            // the body would take 100 s; the proxy stopped reading at its deadline
            assertThat(upstream.written()).isLessThan(1000);
        }
    }

    @Test
    void aListOfLargeItems_stopsAtTheListLimit() {
        try (TestProxy proxy = TestProxy.start(Map.of("LIST_MAX_MB", "2"))) {
            String item = "{\"name\":\"" + "x".repeat(10_000) + "\"}";
            String page = "{\"count\":10000,\"next\":\"http://elsewhere/?page=2\",\"previous\":null,\"results\":["
                    + String.join(",", java.util.Collections.nCopies(100, item)) + "]}";
            proxy.hub.script("/v2/namespaces/alice/repositories", 200, "application/json", page, -1);

            HttpResponse<String> response = proxy.get("/repositories/alice");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(json(response).get("message").asText()).contains("too large").contains("LIST_MAX_MB");
            // 100 pages were planned; the byte bound stopped the walk long before
            assertThat(proxy.hub.count("/v2/namespaces/alice/repositories")).isLessThan(40);
        }
    }

    @Test
    void endlessList_isAPlanned502_notABudgetDrain() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.script("/v2/namespaces/alice/repositories", 200, "application/json",
                    "{\"count\":1000000000000,\"next\":\"http://elsewhere/?page=2\",\"previous\":null,\"results\":[{\"name\":\"r\"}]}", -1);

            HttpResponse<String> response = proxy.get("/repositories/alice");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(json(response).get("message").asText()).contains("more than the 100 one request may read");
            assertThat(proxy.hub.count("/v2/namespaces/alice/repositories")).isEqualTo(1);
        }
    }

    @Test
    void pagesThatDisagreeWithTheirCount_are502AfterThePlannedPages() {
        try (TestProxy proxy = TestProxy.start()) {
            // every page holds 100 items and says there is more, but the count says 250: three pages are planned
            String item = "{\"name\":\"r\"}";
            proxy.hub.script("/v2/namespaces/alice/repositories", 200, "application/json",
                    "{\"count\":250,\"next\":\"http://elsewhere/?page=2\",\"previous\":null,\"results\":["
                            + String.join(",", java.util.Collections.nCopies(100, item)) + "]}", -1);

            assertThat(proxy.get("/repositories/alice").statusCode()).isEqualTo(200);
            assertThat(proxy.hub.count("/v2/namespaces/alice/repositories")).isEqualTo(3);
        }
        try (TestProxy proxy = TestProxy.start()) {
            // page 1 holds 100 of 250 items, then pages of 10 that always say there is more: 3 pages, then a 502
            String item = "{\"name\":\"r\"}";
            String base = "/v2/namespaces/alice/repositories?page_size=100";
            proxy.hub.script(base + "&page=", 200, "application/json",
                    "{\"count\":250,\"next\":\"http://elsewhere/?page=3\",\"previous\":null,\"results\":["
                            + String.join(",", java.util.Collections.nCopies(10, item)) + "]}", -1);
            proxy.hub.script(base, 200, "application/json",
                    "{\"count\":250,\"next\":\"http://elsewhere/?page=2\",\"previous\":null,\"results\":["
                            + String.join(",", java.util.Collections.nCopies(100, item)) + "]}", -1);

            HttpResponse<String> response = proxy.get("/repositories/alice");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(json(response).get("message").asText()).contains("disagree").contains("held 120 of 250");
            assertThat(proxy.hub.count("/v2/namespaces/alice/repositories")).isEqualTo(3);
        }
        try (TestProxy proxy = TestProxy.start()) {
            // pages of 10 where 100 were asked for: 100 pages needed, 10 allowed for limit=1000: a 502 after page 1
            String item = "{\"name\":\"r\"}";
            proxy.hub.script("/v2/namespaces/alice/repositories", 200, "application/json",
                    "{\"count\":5000,\"next\":\"http://elsewhere/?page=2\",\"previous\":null,\"results\":["
                            + String.join(",", java.util.Collections.nCopies(10, item)) + "]}", -1);

            HttpResponse<String> response = proxy.get("/repositories/alice?limit=1000");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(json(response).get("message").asText()).contains("100 pages, more than the 10");
            assertThat(proxy.hub.count("/v2/namespaces/alice/repositories")).isEqualTo(1);
        }
    }

    @Test
    void wronglyShapedJson_is502_andNotCached() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.script("/v2/users/alice", 200, "application/json", "[1,2,3]", -1);
            proxy.hub.script("/v2/repositories/alice/webapp/tags/latest/images", 200, "application/json", "{\"a\":1}", -1);

            HttpResponse<String> user = proxy.get("/users/alice");
            assertThat(user.statusCode()).isEqualTo(502);
            assertThat(json(user).get("message").asText()).contains("JSON array where its API has an object");
            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(502);
            assertThat(proxy.hub.count("/v2/users/alice")).isEqualTo(2);

            HttpResponse<String> images = proxy.get("/repositories/alice/webapp/tags/latest/images");
            assertThat(images.statusCode()).isEqualTo(502);
            assertThat(json(images).get("message").asText()).contains("where its API has an array");
        }
    }

    @Test
    void absurdRetryAfter_blocksAtMostAnHour() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.script("/v2/users/alice", 429, "application/json", "{\"detail\":\"slow down\"}", 1,
                    Map.of("Retry-After", "31536000"));

            HttpResponse<String> limited = proxy.get("/users/alice");
            assertThat(limited.statusCode()).isEqualTo(503);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("3600");
            assertThat(json(proxy.get("/ratelimit")).get("blocked_for_seconds").asLong()).isEqualTo(3600);

            proxy.time.advance(Duration.ofHours(1).plusSeconds(1));
            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void retryAfterOrResetBeyondALong_isClamped_neverA500() {
        for (Map<String, String> headers : java.util.List.of(
                Map.of("Retry-After", "9223372036854775807"),
                Map.of("Retry-After", "99999999999999999999999"),
                Map.of("Retry-After", "-5"),
                Map.of("Retry-After", "Wed, 21 Oct 2315 07:28:00 GMT"),
                Map.of("X-RateLimit-Reset", "9223372036854775807"),
                Map.of("X-RateLimit-Reset", "-9223372036854775808"),
                Map.of("X-Retry-After", "9223372036854775807"))) {
            try (TestProxy proxy = TestProxy.start()) {
                proxy.hub.script("/v2/users/alice", 429, "application/json", "{\"detail\":\"slow down\"}", 1, headers);

                HttpResponse<String> limited = proxy.get("/users/alice");

                assertThat(limited.statusCode()).as(headers.toString()).isEqualTo(503);
                assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
                        .as(headers.toString()).isBetween(1L, 3600L);
                assertThat(proxy.get("/ratelimit").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void echoedCredentials_neverReachAMessageTheCacheOrTheLog() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", FakeDockerHub.USERNAME,
                "DOCKERHUB_PASSWORD", FakeDockerHub.PASSWORD))) {
            proxy.hub.echo("/v2/auth/token", 1);

            HttpResponse<String> login = proxy.get("/users/alice");
            assertThat(login.statusCode()).isEqualTo(502);
            assertThat(login.body()).contains("login as 'alice' failed").doesNotContain(FakeDockerHub.PASSWORD);
        }
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", FakeDockerHub.USERNAME,
                "DOCKERHUB_PASSWORD", FakeDockerHub.PASSWORD))) {
            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(200);
            String token = proxy.hub.issuedTokens().getFirst();
            proxy.hub.echo("/v2/namespaces/alice/repositories/webapp", 10);

            HttpResponse<String> echoed = proxy.get("/repositories/alice/webapp");

            assertThat(echoed.body()).doesNotContain(token).doesNotContain("Bearer ey").contains("***");
            proxy.app.flushAccessLog();
            assertThat(proxy.accessLog.toString(StandardCharsets.UTF_8)).doesNotContain(token);
        }
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_TOKEN", "static-token-4567"))) {
            proxy.hub.echo("/v2/users/alice", 1);

            assertThat(proxy.get("/users/alice").body()).doesNotContain("static-token-4567");
        }
    }

    @Test
    void aFailingLogin_isAFailedContactInReady() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_PASSWORD", "wrong"))) {
            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(502);

            var upstream = json(proxy.get("/ready")).get("upstream");

            assertThat(upstream.get("last_contact_ok").asBoolean()).isFalse();
            assertThat(upstream.get("problem").asText()).contains("login as 'alice' failed");
        }
    }

    @Test
    void oneExchange_makesAtMostThreeRequests_whateverFails() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.drop("/v2/users/alice", -1);
            proxy.hub.fail("/v2/users/bob", 503, -1);

            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(502);
            assertThat(proxy.get("/users/bob").statusCode()).isEqualTo(502);

            // a broken connection: the JDK client's one retry, none of the proxy's
            assertThat(proxy.hub.count("/v2/users/alice")).isEqualTo(2);
            // 503s: two retries of the proxy's, counted
            assertThat(proxy.hub.count("/v2/users/bob")).isEqualTo(3);
            assertThat(proxy.app.hub().retries()).isEqualTo(2);
        }
    }

    @Test
    void whileDockerHubRefusesConnections_coldRequestsFailFast_andOneProbeASecondGoesThrough() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_API_URL", "http://127.0.0.1:" + closedPort))) {
            HttpResponse<String> first = proxy.get("/users/alice");
            assertThat(first.statusCode()).isEqualTo(502);
            assertThat(json(first).get("message").asText()).contains("cannot connect");

            HttpResponse<String> fast = proxy.get("/users/bob");
            assertThat(fast.statusCode()).isEqualTo(502);
            assertThat(json(fast).get("message").asText()).contains("refused connections").contains("not asked again");
            assertThat(fast.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(json(proxy.get("/ready")).get("upstream").get("last_contact_ok").asBoolean()).isFalse();

            proxy.time.advance(Duration.ofMillis(1100));
            // a probe: asked again, refused again
            assertThat(json(proxy.get("/users/carol")).get("message").asText()).contains("cannot connect");
            assertThat(json(proxy.get("/users/dave")).get("message").asText()).contains("not asked again");
        }
    }
}
