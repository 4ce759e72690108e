package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockerhubproxy.support.FakeTime;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    private final FakeTime time = new FakeTime();

    private static Answer answer(int status, Map<String, List<String>> headers) {
        return new Answer("user 'alice'", status, HttpHeaders.of(headers, (a, b) -> true), new byte[0]);
    }

    private Map<String, List<String>> announced(long remaining, long resetInSeconds) {
        return Map.of("X-RateLimit-Limit", List.of("1000"), "X-RateLimit-Remaining", List.of(Long.toString(remaining)),
                "X-RateLimit-Reset", List.of(Long.toString(time.instant().getEpochSecond() + resetInSeconds)));
    }

    @Test
    void bucket_allowsTheRate_thenAsksToWait() {
        RateLimits limits = new RateLimits(60, 0, time);
        for (int i = 0; i < 60; i++) {
            assertThat(limits.acquire("x").duration()).isZero();
        }

        assertThat(limits.acquire("x").duration()).isEqualTo(Duration.ofSeconds(1));

        time.advance(Duration.ofSeconds(3));
        assertThat(limits.acquire("x").duration()).isZero();
    }

    @Test
    void onceDockerHubAnnouncesItsNumbers_theyDecide_notTheBuiltInPace() {
        RateLimits limits = new RateLimits(60, 0, time);
        limits.observe(answer(200, announced(1_000_000, 60)));

        for (int i = 0; i < 400; i++) {
            assertThat(limits.acquire("x").duration()).isZero();
        }
    }

    @Test
    void announcedRemainingZero_waitsForTheReset_thenTheBuiltInPaceUntilTheNextAnnouncement() {
        RateLimits limits = new RateLimits(60, 0, time);
        limits.observe(answer(200, announced(2, 30)));

        assertThat(limits.acquire("x").duration()).isZero();
        assertThat(limits.acquire("x").duration()).isZero();
        RateLimits.Wait third = limits.acquire("x");
        assertThat(third.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(third.reason()).contains("X-RateLimit-Remaining: 0");

        time.advance(Duration.ofSeconds(30));
        assertThat(limits.acquire("x").duration()).isZero();
    }

    @Test
    void aConfiguredCeiling_alwaysApplies() {
        RateLimits limits = new RateLimits(60, 2, time);
        limits.observe(answer(200, announced(1_000_000, 60)));

        assertThat(limits.acquire("x").duration()).isZero();
        assertThat(limits.acquire("x").duration()).isZero();
        RateLimits.Wait third = limits.acquire("x");
        assertThat(third.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(third.reason()).contains("UPSTREAM_RATE_LIMIT");

        limits.release(third);
        assertThat(limits.acquire("x").duration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void headers_areRemembered() {
        RateLimits limits = new RateLimits(60, 0, time);

        limits.observe(answer(200, Map.of("X-RateLimit-Limit", List.of("180"), "X-RateLimit-Remaining", List.of("17"),
                "X-RateLimit-Reset", List.of("1790000000"))));

        assertThat(limits.last().limit()).isEqualTo(180);
        assertThat(limits.last().remaining()).isEqualTo(17);
        assertThat(limits.last().reset()).isEqualTo(1790000000L);
    }

    @Test
    void a429_blocksEveryRequestUntilRetryAfter() {
        RateLimits limits = new RateLimits(600, 0, time);

        limits.observe(answer(429, Map.of("Retry-After", List.of("20"))));

        assertThatThrownBy(() -> limits.acquire("x")).isInstanceOfSatisfying(DockerHubException.class, e -> {
            assertThat(e.kind()).isEqualTo(DockerHubException.Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(20));
        });
        time.advance(Duration.ofSeconds(20));
        assertThat(limits.acquire("x").duration()).isZero();
    }

    @Test
    void a429WithAnEpochRetryHeader_blocksUntilThen() {
        RateLimits limits = new RateLimits(600, 0, time);
        long at = time.instant().getEpochSecond() + 90;

        limits.observe(answer(429, Map.of("X-Retry-After", List.of(Long.toString(at)))));

        assertThat(limits.blockedFor()).hasValue(Duration.ofSeconds(90));
    }
}
