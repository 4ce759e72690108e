package io.github.dockerhubproxy.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Docker Hub's rate limit as the proxy sees it: the last {@code X-RateLimit-*} values, a block after a 429
 * (nothing is sent until {@code Retry-After} has passed), and a token bucket that keeps the proxy under its
 * own configured request rate.
 */
public final class RateLimits {
    /** The last rate-limit headers seen, each -1 until Docker Hub sent one. */
    public record Snapshot(long limit, long remaining, long reset, Instant seenAt) {}

    private final Clock clock;
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;
    private Instant blockedUntil = Instant.MIN;
    private volatile Snapshot last = new Snapshot(-1, -1, -1, null);

    /**
     * @param requestsPerMinute the most requests sent to Docker Hub in a minute
     * @param clock time for the block and the bucket
     */
    RateLimits(int requestsPerMinute, Clock clock) {
        this.clock = clock;
        this.capacity = requestsPerMinute;
        this.perNano = requestsPerMinute / 60e9;
        this.tokens = capacity;
        this.refilledAt = nanos();
    }

    /** The proxy's own budget, requests per minute. */
    public int perMinute() {
        return (int) capacity;
    }

    /** The last {@code X-RateLimit-*} values Docker Hub sent. */
    public Snapshot last() {
        return last;
    }

    /**
     * Takes one request's worth of budget, or says how long to wait for it.
     *
     * @throws DockerHubException (rate limited) while a 429 block lasts
     */
    synchronized Duration acquire(String what) {
        Instant now = clock.instant();
        if (now.isBefore(blockedUntil)) {
            Duration wait = Duration.between(now, blockedUntil);
            throw new DockerHubException(DockerHubException.Kind.RATE_LIMITED, 429,
                    what + ": Docker Hub's rate limit is exhausted; nothing is sent upstream for another "
                            + Math.max(1, wait.toSeconds()) + " s", wait, null);
        }
        long nowNanos = nanos();
        tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * perNano);
        refilledAt = nowNanos;
        tokens -= 1;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens / perNano));
    }

    /** Gives back a request's budget that was taken but not used. */
    synchronized void release() {
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Records an answer's rate-limit headers; a 429 blocks every request until its retry time. */
    void observe(Answer answer) {
        Instant now = clock.instant();
        OptionalLong limit = answer.number("X-RateLimit-Limit");
        OptionalLong remaining = answer.number("X-RateLimit-Remaining");
        OptionalLong reset = answer.number("X-RateLimit-Reset");
        if (limit.isPresent() || remaining.isPresent() || reset.isPresent()) {
            last = new Snapshot(limit.orElse(-1), remaining.orElse(-1), reset.orElse(-1), now);
        }
        if (answer.status() == 429) {
            Instant until = now.plus(answer.retryAfter(now));
            synchronized (this) {
                if (until.isAfter(blockedUntil)) {
                    blockedUntil = until;
                }
            }
        }
    }

    /** How long requests stay blocked by a 429, if they are. */
    public synchronized Optional<Duration> blockedFor() {
        Instant now = clock.instant();
        return now.isBefore(blockedUntil) ? Optional.of(Duration.between(now, blockedUntil)) : Optional.empty();
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
