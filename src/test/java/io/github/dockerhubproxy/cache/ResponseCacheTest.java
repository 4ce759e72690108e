package io.github.dockerhubproxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.support.FakeTime;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.DockerHubException;
import io.github.dockerhubproxy.upstream.Resource;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
    private static final Duration TTL = Duration.ofSeconds(300);
    private final FakeDockerHub hub = FakeDockerHub.start();
    private final FakeTime time = new FakeTime();

    @AfterEach
    void stop() {
        hub.close();
    }

    private ResponseCache cache(long maxBytes) {
        DockerHub client = DockerHub.builder().apiUrl(URI.create(hub.url())).clock(time).sleeper(d -> { })
                .requestsPerMinute(100_000).build();
        return new ResponseCache(client, new ResponseCache.Settings(TTL, Duration.ofSeconds(30), Duration.ofHours(24), maxBytes, false),
                time, time, Runnable::run, null,
                io.github.dockerhubproxy.server.Statuses.ABSENCE);
    }

    @Test
    void outcomes_missHitStale() {
        ResponseCache cache = cache(1 << 20);
        Resource alice = new Resource.User("alice");

        assertThat(cache.get(alice).outcome()).isEqualTo(ResponseCache.Outcome.MISS);
        assertThat(cache.get(alice).outcome()).isEqualTo(ResponseCache.Outcome.HIT);
        time.advance(TTL);
        assertThat(cache.get(alice).outcome()).isEqualTo(ResponseCache.Outcome.STALE);
        assertThat(cache.get(alice).outcome()).isEqualTo(ResponseCache.Outcome.HIT);
        assertThat(hub.count()).isEqualTo(2);
    }

    @Test
    void everyRefreshThatReplacesAnEntry_isAnnounced_withTheOldAndTheNewAnswer() {
        ResponseCache cache = cache(1 << 20);
        Resource alice = new Resource.User("alice");
        java.util.List<CachedResponse[]> heard = new java.util.ArrayList<>();
        cache.onRefresh((resource, previous, current) -> {
            assertThat(resource).isEqualTo(alice);
            heard.add(new CachedResponse[] {previous, current});
        });
        CachedResponse first = cache.get(alice).response();
        cache.get(alice);
        assertThat(heard).isEmpty();

        time.advance(TTL);
        cache.get(alice);

        assertThat(heard).hasSize(1);
        assertThat(heard.getFirst()[0]).isSameAs(first);
        assertThat(heard.getFirst()[1].fetchedAt()).isEqualTo(time.instant());
        assertThat(cache.get(alice).response()).isSameAs(heard.getFirst()[1]);

        // a failed refresh replaces nothing, so nothing is announced
        time.advance(TTL);
        hub.fail("/v2/users/alice", 500, -1);
        cache.get(alice);
        assertThat(heard).hasSize(1);
    }

    @Test
    void afterAFailedRefresh_refreshesWaitBeforeTryingAgain() {
        ResponseCache cache = cache(1 << 20);
        Resource alice = new Resource.User("alice");
        cache.get(alice);
        hub.fail("/v2/users/alice/", 500, -1);
        time.advance(TTL);

        for (int i = 0; i < 5; i++) {
            assertThat(cache.get(alice).outcome()).isEqualTo(ResponseCache.Outcome.STALE);
        }
        assertThat(hub.count("/v2/users/alice/")).isEqualTo(2);

        time.advance(ResponseCache.REFRESH_RETRY);
        cache.get(alice);
        assertThat(hub.count("/v2/users/alice/")).isEqualTo(3);
    }

    @Test
    void anUpstream404DuringRefresh_replacesTheStaleAnswer() {
        ResponseCache cache = cache(1 << 20);
        Resource alice = new Resource.User("alice");
        cache.get(alice);
        hub.fail("/v2/users/alice/", 404, -1);
        time.advance(TTL);

        cache.get(alice);

        assertThat(cache.get(alice).response().status()).isEqualTo(404);
    }

    @Test
    void failures_areNotCached() {
        ResponseCache cache = cache(1 << 20);
        hub.fail("/v2/users/alice/", 500, 1);

        assertThatThrownBy(() -> cache.get(new Resource.User("alice"))).isInstanceOf(DockerHubException.class);
        assertThat(cache.get(new Resource.User("alice")).outcome()).isEqualTo(ResponseCache.Outcome.MISS);
    }

    @Test
    void theBound_isInBytes() {
        hub.rateLimit(1_000_000);
        ResponseCache cache = cache(64 * 1024);
        for (int i = 1; i <= 200; i++) {
            cache.get(new Resource.Repository("bigorg", String.format("repo-%04d", i)));
        }

        cache.cleanUp();
        assertThat(cache.bytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(cache.size()).isBetween(10L, 199L);
    }

    @Test
    void ageAndFreshness_followTheClock() {
        ResponseCache cache = cache(1 << 20);
        CachedResponse answer = cache.get(new Resource.User("alice")).response();

        time.advance(Duration.ofSeconds(100));

        assertThat(cache.ageSeconds(answer)).isEqualTo(100);
        assertThat(cache.freshForSeconds(answer)).isEqualTo(200);
    }
}
