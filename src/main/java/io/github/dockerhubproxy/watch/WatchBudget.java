package io.github.dockerhubproxy.watch;

import io.github.dockerhubproxy.upstream.RateLimits;
import io.github.dockerhubproxy.upstream.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The watch list's share of Docker Hub's rate limit: at most a third of it, paced evenly (no burst at the start of
 * a window), never the two thirds kept for clients — when Docker Hub's announced remaining count falls to two
 * thirds of its limit, whoever spent it, the watch list waits for the window's reset — and nothing while a 429
 * lasts. Before Docker Hub has announced its numbers, the proxy's own pace stands for the limit.
 */
final class WatchBudget {
    private final Supplier<RateLimits.Snapshot> announced;
    private final Supplier<Optional<Duration>> blocked;
    private final IntSupplier ownPace;
    private final Clock clock;
    private final Sleeper sleeper;
    private Instant next = Instant.MIN;

    /**
     * @param announced Docker Hub's last {@code X-RateLimit-*} numbers
     * @param blocked how long a 429 still blocks every request, if it does
     * @param ownPace the proxy's own requests a minute (configured ceiling or built-in default)
     */
    WatchBudget(Supplier<RateLimits.Snapshot> announced, Supplier<Optional<Duration>> blocked, IntSupplier ownPace, Clock clock,
            Sleeper sleeper) {
        this.announced = announced;
        this.blocked = blocked;
        this.ownPace = ownPace;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Waits, once, for as long as the watch list must before its next request to Docker Hub. */
    synchronized void take() {
        Instant now = clock.instant();
        RateLimits.Snapshot numbers = announced.get();
        boolean inForce = numbers.limit() > 0 && numbers.reset() > now.getEpochSecond();
        long limit = inForce ? numbers.limit() : ownPace.getAsInt();
        Duration wait = Duration.ZERO;
        if (next.isAfter(now)) {
            wait = Duration.between(now, next);
        }
        if (inForce && numbers.remaining() >= 0 && numbers.remaining() * 3 <= limit * 2) {
            wait = longer(wait, Duration.ofSeconds(numbers.reset() - now.getEpochSecond() + 1));
        }
        Optional<Duration> block = blocked.get();
        if (block.isPresent()) {
            wait = longer(wait, block.get());
        }
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
        // a third of the limit a minute: one request every 180 s / limit
        next = now.plus(wait).plus(Duration.ofMillis(180_000 / Math.max(1, limit)));
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
