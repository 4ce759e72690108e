package io.github.dockerhubproxy.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How fast the proxy may ask Docker Hub, by Docker Hub's own numbers: once an answer has carried
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}, requests go while the remaining count allows and wait
 * for the reset when it reaches 0; after a 429 nothing goes until its {@code Retry-After}. Until Docker Hub has
 * announced its numbers (and after they run past their reset), a built-in token bucket below its documented limits
 * paces the proxy. A configured {@code UPSTREAM_RATE_LIMIT} is a ceiling that always applies.
 */
public final class RateLimits {
    /** The last rate-limit headers seen, each -1 until Docker Hub sent one. */
    public record Snapshot(long limit, long remaining, long reset, Instant seenAt) {}

    /** What a request must wait for budget (zero: go), and why; given back with {@link #release} if not used. */
    record Wait(Duration duration, String reason, boolean announced, boolean fallback, boolean ceiling) {
        boolean none() {
            return duration.isZero();
        }
    }

    private final Clock clock;
    private final Bucket fallback;
    private final Bucket ceiling;
    private Instant blockedUntil = Instant.MIN;
    private long announcedRemaining = -1;
    private long announcedReset = -1;
    private volatile Snapshot last = new Snapshot(-1, -1, -1, null);

    /**
     * @param defaultPerMinute the pace until Docker Hub announces its numbers
     * @param ceilingPerMinute the configured most requests a minute, 0 for none
     * @param clock time for the block, the reset and the buckets
     */
    RateLimits(int defaultPerMinute, int ceilingPerMinute, Clock clock) {
        this.clock = clock;
        this.fallback = new Bucket(defaultPerMinute, nanos());
        this.ceiling = ceilingPerMinute > 0 ? new Bucket(ceilingPerMinute, nanos()) : null;
    }

    /** The proxy's own pace, requests per minute: the configured ceiling, else the built-in default. */
    public int perMinute() {
        return (int) (ceiling != null ? ceiling.capacity : fallback.capacity);
    }

    /** The last {@code X-RateLimit-*} values Docker Hub sent. */
    public Snapshot last() {
        return last;
    }

    /**
     * Takes one request's worth of budget, and says how long to wait for it.
     *
     * @throws DockerHubException (rate limited) while a 429 block lasts
     */
    synchronized Wait acquire(String what) {
        Instant now = clock.instant();
        if (now.isBefore(blockedUntil)) {
            Duration wait = Duration.between(now, blockedUntil);
            throw new DockerHubException(DockerHubException.Kind.RATE_LIMITED, 429,
                    what + ": Docker Hub's rate limit is exhausted; nothing is sent upstream for another "
                            + Math.max(1, wait.toSeconds()) + " s", wait, null);
        }
        long nowNanos = nanos();
        Duration wait = Duration.ZERO;
        String reason = null;
        boolean announced = announced(now);
        boolean tookFallback = false;
        if (announced) {
            if (announcedRemaining > 0) {
                announcedRemaining--;
            } else {
                wait = Answer.clamp(announcedReset - now.getEpochSecond());
                reason = "Docker Hub's rate limit (X-RateLimit-Remaining: 0) resets in " + wait.toSeconds() + " s";
                announced = false;
            }
        } else {
            wait = fallback.take(nowNanos);
            tookFallback = true;
            if (!wait.isZero()) {
                reason = "the proxy's pace until Docker Hub announces its rate limit is used up";
            }
        }
        if (ceiling != null) {
            Duration ceilingWait = ceiling.take(nowNanos);
            if (ceilingWait.compareTo(wait) > 0) {
                wait = ceilingWait;
                reason = "the proxy's own upstream rate limit (UPSTREAM_RATE_LIMIT) is used up";
            }
        }
        return new Wait(wait, reason, announced, tookFallback, ceiling != null);
    }

    /** Gives back budget taken by {@link #acquire} but not used. */
    synchronized void release(Wait taken) {
        if (taken.announced() && announcedRemaining >= 0) {
            announcedRemaining++;
        }
        if (taken.fallback()) {
            fallback.giveBack();
        }
        if (taken.ceiling() && ceiling != null) {
            ceiling.giveBack();
        }
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
        synchronized (this) {
            if (remaining.isPresent() && reset.isPresent()) {
                announcedRemaining = Math.max(0, remaining.getAsLong());
                announcedReset = reset.getAsLong();
            }
            if (answer.status() == 429) {
                Instant until = now.plus(answer.retryAfter(now));
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

    /** Whether Docker Hub's announced numbers are in force: seen, and their window not yet reset. */
    private boolean announced(Instant now) {
        return announcedReset >= 0 && now.getEpochSecond() < announcedReset;
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** A token bucket: {@code capacity} requests a minute, bursts up to {@code capacity}. */
    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long refilledAt;

        Bucket(int perMinute, long nowNanos) {
            this.capacity = perMinute;
            this.perNano = perMinute / 60e9;
            this.tokens = capacity;
            this.refilledAt = nowNanos;
        }

        Duration take(long nowNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * perNano);
            refilledAt = nowNanos;
            tokens -= 1;
            return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens / perNano));
        }

        void giveBack() {
            tokens = Math.min(capacity, tokens + 1);
        }
    }
}
