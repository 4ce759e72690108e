package io.github.dockerhubproxy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.DockerHubException;
import io.github.dockerhubproxy.upstream.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Loads an answer after a memory miss: from Redis when there is a shared tier, else from Docker Hub — keeping
 * private repositories private and turning upstream 404s and retired features into cacheable answers.
 */
final class Loader {
    /** Longest a replica holds a key's fetch lock (a lock of a replica that died expires by then). */
    static final Duration LOCK_TTL = Duration.ofSeconds(30);
    /** How often a waiting replica looks for the entry another one is fetching. */
    static final Duration SHARED_POLL = Duration.ofMillis(20);

    private final DockerHub hub;
    private final RedisTier shared;
    private final ResponseCache.Settings settings;
    private final Clock clock;
    private final Function<Resource, CachedResponse> cached;
    private final Freshness freshness;
    private final LongSupplier nanoTime;
    private final Absence absence;

    /** @param cached answers through the cache (for the repository a private-repository check needs) */
    Loader(DockerHub hub, RedisTier shared, ResponseCache.Settings settings, Freshness freshness, Clock clock,
            LongSupplier nanoTime, Absence absence, Function<Resource, CachedResponse> cached) {
        this.freshness = freshness;
        this.nanoTime = nanoTime;
        this.absence = absence;
        this.hub = hub;
        this.shared = shared;
        this.settings = settings;
        this.clock = clock;
        this.cached = cached;
    }

    private boolean isFresh(CachedResponse answer) {
        return freshness.fresh(answer, clock.instant());
    }

    /**
     * Memory missed: Redis, else Docker Hub. With Redis, one replica fetches a cold key (it holds the key's lock)
     * while the others wait for the entry to appear — or fetch themselves once the lock is gone without one.
     * When Docker Hub fails, a stale entry from Redis is better than an error.
     */
    CachedResponse load(Resource resource) {
        if (shared == null) {
            return fetch(resource);
        }
        CachedResponse remote = shared.get(resource).orElse(null);
        if (remote != null && isFresh(remote)) {
            return remote;
        }
        String token = shared.lock(resource, LOCK_TTL);
        if (token == null && shared.available()) {
            CachedResponse fetchedElsewhere = awaitShared(resource, remote);
            if (fetchedElsewhere != null) {
                return fetchedElsewhere;
            }
        }
        try {
            CachedResponse fresh;
            try {
                fresh = fetch(resource);
            } catch (DockerHubException e) {
                if (remote != null && remote.found()) {
                    return remote;
                }
                throw e;
            }
            shared.put(resource, fresh, freshness.kept(fresh));
            return fresh;
        } finally {
            if (token != null) {
                shared.unlock(resource, token);
            }
        }
    }

    /** Waits while another replica holds the key's lock; its fresh entry, or null when the lock went without one. */
    private CachedResponse awaitShared(Resource resource, CachedResponse stale) {
        long end = nanoTime.getAsLong() + LOCK_TTL.toNanos();
        while (nanoTime.getAsLong() - end < 0) {
            LockSupport.parkNanos(SHARED_POLL.toNanos());
            CachedResponse entry = shared.get(resource).orElse(null);
            if (entry != null && entry != stale && isFresh(entry)) {
                return entry;
            }
            if (!shared.locked(resource)) {
                entry = shared.get(resource).orElse(null);
                return entry != null && isFresh(entry) ? entry : null;
            }
        }
        return null;
    }

    private CachedResponse fetch(Resource resource) {
        try {
            if (!settings.showPrivate() && hub.authenticated() && resource instanceof Resource.InRepository r
                    && !(resource instanceof Resource.Repository)) {
                CachedResponse repository = cached.apply(new Resource.Repository(r.username(), r.name()));
                if (!repository.found()) {
                    return absence.notFound(notFound(r), clock.instant());
                }
            }
            JsonNode json = hub.fetch(resource);
            if (!settings.showPrivate()) {
                if (resource instanceof Resource.Repository r && Privacy.isPrivate(json)) {
                    return absence.notFound(notFound(r), clock.instant());
                }
                if (resource instanceof Resource.Repositories) {
                    json = Privacy.withoutPrivate(json);
                }
            }
            return CachedResponse.ok(json, clock.instant());
        } catch (DockerHubException e) {
            // what is absent is an answer worth keeping; every other failure is not kept
            return switch (e.kind()) {
                case NOT_FOUND -> absence.notFound(e.getMessage(), clock.instant());
                case RETIRED -> absence.retired(e.getMessage(), clock.instant());
                default -> throw e;
            };
        }
    }

    private static String notFound(Resource.InRepository r) {
        return "repository '" + r.username() + "/" + r.name() + "': not found";
    }
}
