package io.github.dockerhubproxy.cache;

import java.time.Duration;
import java.time.Instant;

/**
 * The one freshness rule, for memory, Redis and the HTTP headers alike. A success is fresh for {@code CACHE_TTL} and
 * kept — served stale while a refresh runs or while Docker Hub fails — for {@code CACHE_MAX_STALE} more; a 404 or 410
 * is fresh, and kept, for {@code CACHE_NOT_FOUND_TTL}.
 *
 * @param ttl how long a success is fresh
 * @param notFoundTtl how long a not-found or retired answer is fresh and kept
 * @param maxStale how long past its TTL a success is kept
 */
record Freshness(Duration ttl, Duration notFoundTtl, Duration maxStale) {

    /** How long the answer is fresh. */
    Duration lifetime(CachedResponse answer) {
        return answer.found() ? ttl : notFoundTtl;
    }

    /** How long the answer is kept at all. */
    Duration kept(CachedResponse answer) {
        return answer.found() ? ttl.plus(maxStale) : notFoundTtl;
    }

    /** Whether the answer is within its lifetime at {@code now}. */
    boolean fresh(CachedResponse answer, Instant now) {
        return Duration.between(answer.fetchedAt(), now).compareTo(lifetime(answer)) < 0;
    }

    /** Whole seconds between Docker Hub giving the answer and {@code now}. */
    static long ageSeconds(CachedResponse answer, Instant now) {
        return Math.max(0, now.getEpochSecond() - answer.fetchedAt().getEpochSecond()
                - (now.getNano() < answer.fetchedAt().getNano() ? 1 : 0));
    }

    /** Whole seconds the answer stays fresh after {@code now}, 0 when stale. */
    long freshForSeconds(CachedResponse answer, Instant now) {
        return Math.max(0, lifetime(answer).minus(Duration.between(answer.fetchedAt(), now)).toSeconds());
    }
}
