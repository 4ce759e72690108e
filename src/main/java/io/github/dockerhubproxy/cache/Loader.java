package io.github.dockerhubproxy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.DockerHubException;
import io.github.dockerhubproxy.upstream.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Loads an entry for the memory tier: from Redis when there is a shared tier and it has a fresh one, else from Docker
 * Hub — keeping private repositories private and turning upstream 404s and retired features into entries that are
 * kept. Never asks the cache: what it needs, it fetches.
 */
final class Loader {
    /** Longest a replica holds a key's fetch lock (a lock of a replica that died expires by then). */
    static final Duration LOCK_TTL = Duration.ofSeconds(30);
    /** How often a waiting replica looks for the entry another one is fetching. */
    static final Duration SHARED_POLL = Duration.ofMillis(20);

    private final DockerHub hub;
    private final RedisTier shared;
    private final boolean showPrivate;
    private final Clock clock;
    private final Freshness freshness;
    private final LongSupplier nanoTime;

    /**
     * @param showPrivate whether private repositories are served
     * @param nanoTime time for waiting on another replica's fetch
     */
    Loader(DockerHub hub, RedisTier shared, boolean showPrivate, Freshness freshness, Clock clock, LongSupplier nanoTime) {
        this.hub = hub;
        this.shared = shared;
        this.showPrivate = showPrivate;
        this.freshness = freshness;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    private boolean isFresh(Entry answer) {
        return freshness.fresh(answer, clock.instant());
    }

    /**
     * Memory missed: Redis, else Docker Hub. With Redis, one replica fetches a cold key (it holds the key's lock)
     * while the others wait for the entry to appear — or fetch themselves once the lock is gone without one.
     * When Docker Hub fails, a stale entry from Redis is better than an error.
     */
    Entry load(Resource resource) {
        if (shared == null) {
            return fetch(resource);
        }
        Entry remote = shared.get(resource).orElse(null);
        if (remote != null && isFresh(remote)) {
            return remote;
        }
        String token = shared.lock(resource, LOCK_TTL);
        if (token == null && shared.available()) {
            Entry fetchedElsewhere = awaitShared(resource, remote);
            if (fetchedElsewhere != null) {
                return fetchedElsewhere;
            }
        }
        try {
            Entry fresh;
            try {
                fresh = fetch(resource);
            } catch (DockerHubException e) {
                if (remote != null && remote.found()) {
                    return remote;
                }
                throw e;
            }
            shared.put(resource, fresh, freshness.keptFor(fresh, clock.instant()));
            return fresh;
        } finally {
            if (token != null) {
                shared.unlock(resource, token);
            }
        }
    }

    /** Waits while another replica holds the key's lock; its fresh entry, or null when the lock went without one. */
    private Entry awaitShared(Resource resource, Entry stale) {
        long end = nanoTime.getAsLong() + LOCK_TTL.toNanos();
        while (nanoTime.getAsLong() - end < 0) {
            LockSupport.parkNanos(SHARED_POLL.toNanos());
            Entry entry = shared.get(resource).orElse(null);
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

    private Entry fetch(Resource resource) {
        try {
            JsonNode json = hub.fetch(resource);
            if (!showPrivate) {
                if (resource instanceof Resource.Repository r && Privacy.isPrivate(json)) {
                    return new Entry.NotFound(Privacy.notFound(r), clock.instant());
                }
                if (resource instanceof Resource.Repositories) {
                    json = Privacy.withoutPrivate(json);
                }
            }
            return Entry.Found.of(json, clock.instant());
        } catch (DockerHubException e) {
            // what is absent is an answer worth keeping; every other failure is not kept
            return switch (e.kind()) {
                case NOT_FOUND -> new Entry.NotFound(e.getMessage(), clock.instant());
                case RETIRED -> new Entry.Retired(e.getMessage(), clock.instant());
                default -> throw e;
            };
        }
    }
}
