package io.github.dockerhubproxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

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
        return cache(maxBytes, Runnable::run);
    }

    private ResponseCache cache(long maxBytes, java.util.concurrent.Executor refresher) {
        DockerHub client = DockerHub.builder().apiUrl(URI.create(hub.url())).clock(time).sleeper(d -> { })
                .requestsPerMinute(100_000).build();
        return new ResponseCache(client, new ResponseCache.Settings(TTL, Duration.ofSeconds(30), Duration.ofHours(24), maxBytes, false),
                time, time, refresher, null);
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
        java.util.List<Entry[]> heard = new java.util.ArrayList<>();
        cache.onRefresh((resource, previous, current) -> {
            assertThat(resource).isEqualTo(alice);
            heard.add(new Entry[] {previous, current});
        });
        Entry first = cache.get(alice).entry();
        cache.get(alice);
        assertThat(heard).isEmpty();

        time.advance(TTL);
        cache.get(alice);

        assertThat(heard).hasSize(1);
        assertThat(heard.getFirst()[0]).isSameAs(first);
        assertThat(heard.getFirst()[1].fetchedAt()).isEqualTo(time.instant());
        assertThat(cache.get(alice).entry()).isSameAs(heard.getFirst()[1]);

        // a failed refresh replaces nothing, so nothing is announced
        time.advance(TTL);
        hub.fail("/v2/users/alice", 500, -1);
        cache.get(alice);
        assertThat(heard).hasSize(1);
    }

    @Test
    void whileARefreshRuns_staleAnswersAreServed_andNoSecondRefreshStarts() {
        java.util.Queue<Runnable> refreshes = new java.util.ArrayDeque<>();
        ResponseCache cache = cache(1 << 20, refreshes::add);
        Resource alice = new Resource.User("alice");
        Entry first = cache.get(alice).entry();
        time.advance(TTL);

        for (int i = 0; i < 5; i++) {
            ResponseCache.Lookup stale = cache.get(alice);
            assertThat(stale.outcome()).isEqualTo(ResponseCache.Outcome.STALE);
            assertThat(stale.entry()).isSameAs(first);
        }
        assertThat(refreshes).hasSize(1);
        assertThat(hub.count()).isEqualTo(1);

        refreshes.poll().run();

        ResponseCache.Lookup refreshed = cache.get(alice);
        assertThat(refreshed.outcome()).isEqualTo(ResponseCache.Outcome.HIT);
        assertThat(refreshed.entry().fetchedAt()).isEqualTo(time.instant());
        assertThat(hub.count()).isEqualTo(2);
    }

    @Test
    void aStaleAnswer_isKeptOnlyUntilMaxStale() {
        ResponseCache cache = cache(1 << 20);
        Resource alice = new Resource.User("alice");
        cache.get(alice);
        hub.fail("/v2/users/alice/", 500, -1);

        time.advance(TTL.plusHours(24).minusSeconds(1));
        assertThat(cache.get(alice).outcome()).isEqualTo(ResponseCache.Outcome.STALE);
        time.advance(Duration.ofSeconds(1));
        ResponseCache.Lookup gone = cache.get(alice);

        assertThat(gone.outcome()).isEqualTo(ResponseCache.Outcome.MISS);
        assertThat(gone.entry()).isInstanceOf(Entry.Failed.class);
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

        assertThat(cache.get(alice).entry()).isInstanceOf(Entry.NotFound.class);
    }

    @Test
    void failures_areNotCached() {
        ResponseCache cache = cache(1 << 20);
        hub.fail("/v2/users/alice/", 500, 1);

        ResponseCache.Lookup failed = cache.get(new Resource.User("alice"));
        assertThat(failed.entry()).isInstanceOfSatisfying(Entry.Failed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(DockerHubException.Kind.BAD_RESPONSE));
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
        Entry answer = cache.get(new Resource.User("alice")).entry();

        time.advance(Duration.ofSeconds(100));

        assertThat(cache.ageSeconds(answer, time.instant())).isEqualTo(100);
        assertThat(cache.freshForSeconds(answer, time.instant())).isEqualTo(200);
    }
}
