package io.github.dockerhubproxy;

import static io.github.dockerhubproxy.ProxyEndToEndTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.support.TestProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy costs Docker Hub as little as it can and keeps answering when Docker Hub fails. */
class UpstreamEconomyEndToEndTest {

    @Test
    void fiftyConcurrentColdRequests_forA13PageList_cost13UpstreamRequests() throws Exception {
        try (TestProxy proxy = TestProxy.start()) {
            List<HttpResponse<String>> answers = TestProxy.whileHeld(proxy.hub, "/v2/namespaces/bigorg/repositories",
                    List.of(proxy), 50, "/repositories/bigorg");

            assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(200));
            assertThat(answers).extracting(HttpResponse::body).containsOnly(answers.get(0).body());
            assertThat(proxy.hub.count()).isEqualTo(13);
        }
    }

    @Test
    void parallelPages_areByteIdenticalToSequential_andBoundedInFlight() throws Exception {
        // 200 pages of 10,000 items on a machine busy with the other tests: the deadline is not what this is about
        try (TestProxy parallel = TestProxy.start(Map.of("UPSTREAM_PAGE_CONCURRENCY", "4", "UPSTREAM_TIMEOUT", "120"));
                TestProxy sequential = TestProxy.start(Map.of("UPSTREAM_PAGE_CONCURRENCY", "1", "UPSTREAM_TIMEOUT", "120"))) {
            parallel.hub.latency(Duration.ofMillis(20));

            String fast = parallel.get("/repositories/hugeorg").body();
            String slow = sequential.get("/repositories/hugeorg").body();

            assertThat(fast).isEqualTo(slow);
            assertThat(ProxyEndToEndTest.JSON.readTree(fast).get("results")).hasSize(10_000);
            assertThat(parallel.hub.count()).isEqualTo(100);
            assertThat(parallel.hub.maxInFlight()).isBetween(2, 4);
            assertThat(sequential.hub.maxInFlight()).isEqualTo(1);
        }
    }

    @Test
    void afterTheTtl_theStaleAnswerIsServedAtOnce_andOneRefreshRuns() {
        try (TestProxy proxy = TestProxy.start(Map.of("CACHE_TTL", "60"))) {
            String first = proxy.get("/users/alice").body();
            proxy.time.advance(Duration.ofSeconds(61));

            HttpResponse<String> stale = proxy.get("/users/alice");
            HttpResponse<String> refreshed = proxy.get("/users/alice");

            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(stale.body()).isEqualTo(first);
            assertThat(stale.headers().firstValue("Age")).hasValue("61");
            assertThat(refreshed.headers().firstValue("Age")).hasValue("0");
            assertThat(proxy.hub.count()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "upstream {0}")
    @ValueSource(strings = {"500", "429", "timeout", "dropped", "down"})
    void whenDockerHubFails_theLastGoodAnswerIsServedWithAge(String failure) {
        // the deadline is real time: short only where a hang has to end, and never so short that the first
        // (good) fetch could miss it on a busy machine
        String timeout = failure.equals("timeout") ? "2" : "20";
        try (TestProxy proxy = TestProxy.start(Map.of("CACHE_TTL", "60", "UPSTREAM_TIMEOUT", timeout))) {
            HttpResponse<String> warm = proxy.get("/repositories/alice/webapp");
            assertThat(warm.statusCode()).isEqualTo(200);
            String good = warm.body();
            proxy.time.advance(Duration.ofSeconds(120));
            switch (failure) {
                case "timeout" -> proxy.hub.hang("/v2/namespaces/alice/repositories/webapp");
                case "dropped" -> proxy.hub.drop("/v2/namespaces/alice/repositories/webapp", -1);
                case "down" -> proxy.hub.close();
                default -> proxy.hub.fail("/v2/namespaces/alice/repositories/webapp", Integer.parseInt(failure), -1);
            }

            HttpResponse<String> first = proxy.get("/repositories/alice/webapp");
            proxy.time.advance(Duration.ofHours(1));
            HttpResponse<String> later = proxy.get("/repositories/alice/webapp");

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo(good);
            assertThat(first.headers().firstValue("Age")).hasValue("120");
            assertThat(later.statusCode()).isEqualTo(200);
            assertThat(later.headers().firstValue("Age")).hasValue(Long.toString(120 + 3600));
        }
    }

    @Test
    void pastTheMaximumStaleness_theErrorIsShown() {
        try (TestProxy proxy = TestProxy.start(Map.of("CACHE_TTL", "60", "CACHE_MAX_STALE", "600"))) {
            proxy.get("/users/alice");
            proxy.hub.fail("/v2/users/alice/", 500, -1);
            proxy.time.advance(Duration.ofSeconds(60 + 601));

            HttpResponse<String> response = proxy.get("/users/alice");

            assertThat(response.statusCode()).isEqualTo(502);
        }
    }

    @Test
    void duringA429Backoff_nothingGoesUpstream() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.fail("/v2/users/alice/", 429, 1);

            HttpResponse<String> limited = proxy.get("/users/alice");
            HttpResponse<String> other = proxy.get("/repositories/alice/webapp");
            proxy.time.advance(Duration.ofSeconds(29));
            HttpResponse<String> stillLimited = proxy.get("/users/bigorg");

            assertThat(limited.statusCode()).isEqualTo(503);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(other.statusCode()).isEqualTo(503);
            assertThat(stillLimited.statusCode()).isEqualTo(503);
            assertThat(stillLimited.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(proxy.hub.count()).isEqualTo(1);

            proxy.time.advance(Duration.ofSeconds(2));
            assertThat(proxy.get("/users/bigorg").statusCode()).isEqualTo(200);
            assertThat(proxy.hub.count()).isEqualTo(2);
        }
    }

    @Test
    void rateLimitResetHeader_isHonouredWhenThereIsNoRetryAfter() {
        try (TestProxy proxy = TestProxy.start()) {
            long reset = proxy.time.instant().getEpochSecond() + 45;
            proxy.hub.script("/v2/users/alice/", 429, "application/json", "{\"detail\":\"Rate limit exceeded\"}", 1,
                    Map.of("X-RateLimit-Reset", Long.toString(reset), "X-RateLimit-Remaining", "0"));

            HttpResponse<String> limited = proxy.get("/users/alice");

            assertThat(limited.statusCode()).isEqualTo(503);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("45");
        }
    }

    @Test
    void transientFailures_areRetriedTwiceAtMost_withGrowingBackoff() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.fail("/v2/users/alice/", 503, 2);
            proxy.hub.fail("/v2/users/bigorg/", 502, 5);

            HttpResponse<String> recovered = proxy.get("/users/alice");
            HttpResponse<String> failed = proxy.get("/users/bigorg");

            assertThat(recovered.statusCode()).isEqualTo(200);
            assertThat(failed.statusCode()).isEqualTo(502);
            assertThat(proxy.hub.count("/v2/users/alice/")).isEqualTo(3);
            assertThat(proxy.hub.count("/v2/users/bigorg/")).isEqualTo(3);
            assertThat(proxy.app.hub().retries()).isEqualTo(4);
            assertThat(proxy.sleeps.get(1)).isGreaterThan(proxy.sleeps.get(0));
        }
    }

    @ParameterizedTest(name = "upstream {0}")
    @ValueSource(ints = {400, 401, 403, 404, 429})
    void clientErrors_areNeverRetried(int status) {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.fail("/v2/users/alice/", status, 5);

            proxy.get("/users/alice");

            assertThat(proxy.hub.count("/v2/users/alice/")).isEqualTo(1);
            assertThat(proxy.app.hub().retries()).isZero();
        }
    }

    @Test
    void ownRateLimit_refusesWithoutCallingUpstream_whenTheWaitOutlastsTheDeadline() {
        try (TestProxy proxy = TestProxy.start(Map.of("UPSTREAM_RATE_LIMIT", "2"))) {
            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/users/bigorg").statusCode()).isEqualTo(200);

            HttpResponse<String> third = proxy.get("/users/emptyuser");

            assertThat(third.statusCode()).isEqualTo(503);
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            assertThat(json(third).get("message").asText()).contains("UPSTREAM_RATE_LIMIT");
            assertThat(proxy.hub.count()).isEqualTo(2);
        }
    }

    @Test
    void dockerHubsAnnouncedNumbers_decideThePace_400PagesInAMinuteWithoutWaiting() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.rateLimit(1_000_000).resetClock(proxy.time);
            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(200);

            // 4 x 100 pages of hugeorg (four limits, four cache keys): far beyond the built-in 150 a minute
            for (int limit = 9_997; limit <= 10_000; limit++) {
                assertThat(proxy.get("/repositories/hugeorg?limit=" + limit).statusCode()).isEqualTo(200);
            }

            assertThat(proxy.hub.count("/v2/namespaces/hugeorg/repositories")).isEqualTo(400);
            assertThat(proxy.sleeps).isEmpty();
        }
    }

    @Test
    void announcedRemainingZero_aColdRequestGets503AtOnce_aCachedOneItsStaleAnswer() {
        try (TestProxy proxy = TestProxy.start(Map.of("CACHE_TTL", "10"))) {
            proxy.hub.resetClock(proxy.time);
            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(200);
            long reset = proxy.time.instant().getEpochSecond() + 30;
            proxy.hub.script("/v2/users/bigorg", 200, "application/json", "{\"username\":\"bigorg\"}", 1,
                    Map.of("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(reset)));
            assertThat(proxy.get("/users/bigorg").statusCode()).isEqualTo(200);
            int asked = proxy.hub.count();
            proxy.time.advance(Duration.ofSeconds(11));

            HttpResponse<String> cold = proxy.get("/users/emptyuser");
            HttpResponse<String> stale = proxy.get("/users/alice");

            assertThat(cold.statusCode()).isEqualTo(503);
            assertThat(cold.headers().firstValue("Retry-After")).hasValue("19");
            assertThat(json(cold).get("message").asText()).contains("X-RateLimit-Remaining: 0");
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(proxy.hub.count()).isEqualTo(asked);
            assertThat(proxy.sleeps).isEmpty();

            proxy.time.advance(Duration.ofSeconds(20));
            assertThat(proxy.get("/users/emptyuser").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFloodOfRequestsForAMissingName_costsOneUpstreamCallPerPeriod() throws Exception {
        try (TestProxy proxy = TestProxy.start(Map.of("CACHE_NOT_FOUND_TTL", "30"))) {
            assertThat(TestProxy.whileHeld(proxy.hub, "/v2/users/ghost", List.of(proxy), 40, "/users/ghost"))
                    .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(404));
            proxy.time.advance(Duration.ofSeconds(29));
            assertThat(proxy.get("/users/ghost").statusCode()).isEqualTo(404);
            assertThat(proxy.hub.count()).isEqualTo(1);

            proxy.time.advance(Duration.ofSeconds(2));
            proxy.get("/users/ghost");
            assertThat(proxy.hub.count()).isEqualTo(2);
        }
    }
}
