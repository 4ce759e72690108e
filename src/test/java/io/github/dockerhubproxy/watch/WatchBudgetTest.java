package io.github.dockerhubproxy.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.support.FakeTime;
import io.github.dockerhubproxy.upstream.RateLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WatchBudgetTest {
    private final FakeTime time = new FakeTime();
    private final List<Duration> waits = new ArrayList<>();
    private final AtomicReference<RateLimits.Snapshot> numbers = new AtomicReference<>(new RateLimits.Snapshot(-1, -1, -1, null));
    private final AtomicReference<Optional<Duration>> blocked = new AtomicReference<>(Optional.empty());
    private final WatchBudget budget = new WatchBudget(numbers::get, blocked::get, () -> 150, time, wait -> {
        waits.add(wait);
        time.advance(wait);
    });

    private void announce(long limit, long remaining, long resetInSeconds) {
        numbers.set(new RateLimits.Snapshot(limit, remaining, time.instant().getEpochSecond() + resetInSeconds, time.instant()));
    }

    @Test
    void aThirdOfTheAnnouncedLimit_pacedEvenly() {
        announce(180, 180, 60);

        for (int i = 0; i < 4; i++) {
            budget.take();
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void beforeDockerHubAnnounces_theProxysOwnPaceStandsForTheLimit() {
        budget.take();
        budget.take();

        assertThat(waits).containsExactly(Duration.ofMillis(1200));   // 150 a minute: a third is 50, one every 1.2 s
    }

    @Test
    void whenTwoThirdsAreLeft_theRestIsTheClientsUntilTheReset() {
        announce(180, 120, 42);

        budget.take();

        assertThat(waits).containsExactly(Duration.ofSeconds(43));
    }

    @Test
    void nothingWhileA429Lasts() {
        blocked.set(Optional.of(Duration.ofSeconds(30)));

        budget.take();

        assertThat(waits).containsExactly(Duration.ofSeconds(30));
    }
}
