package io.github.dockerhubproxy.cache;

import java.time.Duration;
import java.time.Instant;

/**
 * The one freshness rule, for memory, Redis and the HTTP headers alike. A success is fresh for {@code CACHE_TTL} and
 * kept — served stale while a refresh runs or while Docker Hub fails — for {@code CACHE_MAX_STALE} more; a 404 or 410
 * is fresh, and kept, for {@code CACHE_NOT_FOUND_TTL}. A failure is never fresh and never kept.
 *
 * @param ttl how long a success is fresh
 * @param notFoundTtl how long a not-found or retired answer is fresh and kept
 * @param maxStale how long past its TTL a success is kept
 */
record Freshness(Duration ttl, Duration notFoundTtl, Duration maxStale) {

    /** How long the answer is fresh. */
    Duration lifetime(Entry answer) {
        return switch (answer) {
            case Entry.Found found -> ttl;
            case Entry.NotFound notFound -> notFoundTtl;
            case Entry.Retired retired -> notFoundTtl;
            case Entry.Failed failed -> Duration.ZERO;
        };
    }

    /** How long the answer is kept at all. */
    Duration kept(Entry answer) {
        return answer.found() ? ttl.plus(maxStale) : lifetime(answer);
    }

    /** How much longer, after {@code now}, the answer is kept (zero once it is due to go). */
    Duration keptFor(Entry answer, Instant now) {
        Duration left = kept(answer).minus(Duration.between(answer.fetchedAt(), now));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Whether the answer is within its lifetime at {@code now}. */
    boolean fresh(Entry answer, Instant now) {
        return Duration.between(answer.fetchedAt(), now).compareTo(lifetime(answer)) < 0;
    }

    /** Whole seconds between Docker Hub giving the answer and {@code now}. */
    static long ageSeconds(Entry answer, Instant now) {
        return Math.max(0, now.getEpochSecond() - answer.fetchedAt().getEpochSecond()
                - (now.getNano() < answer.fetchedAt().getNano() ? 1 : 0));
    }

    /** Whole seconds the answer stays fresh after {@code now}, 0 when stale. */
    long freshForSeconds(Entry answer, Instant now) {
        return Math.max(0, lifetime(answer).minus(Duration.between(answer.fetchedAt(), now)).toSeconds());
    }
}
