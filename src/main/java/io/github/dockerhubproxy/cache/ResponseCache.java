package io.github.dockerhubproxy.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.DockerHubException;
import io.github.dockerhubproxy.upstream.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Docker Hub's answers, encoded once and kept in memory, bounded by bytes. Concurrent requests for the same
 * resource share one upstream load. A success is fresh for the TTL; after that it is still served at once
 * while one background refresh runs, and while refreshes fail, up to the maximum staleness. Upstream 404s
 * are kept briefly; other failures never.
 */
public final class ResponseCache implements AutoCloseable {
    /** Wait before refreshing again after a refresh failed, unless Docker Hub asked for longer. */
    static final Duration REFRESH_RETRY = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(ResponseCache.class.getName());

    /** Where an answer came from. */
    public enum Outcome {
        /** Fresh, from memory. */
        HIT,
        /** Loaded from Docker Hub for this request (or for a concurrent one it joined). */
        MISS,
        /** Past its TTL, from memory, because a refresh is running or Docker Hub is failing. */
        STALE;

        private final String label = name().toLowerCase(java.util.Locale.ROOT);

        /** The outcome in lower case, for logs and metrics. */
        public String label() {
            return label;
        }
    }

    /** An answer and where it came from. */
    public record Lookup(CachedResponse response, Outcome outcome) {}

    /**
     * How long answers live.
     *
     * @param ttl how long a success is fresh
     * @param notFoundTtl how long an upstream 404 is remembered
     * @param maxStale how long past its TTL a success may still be served when Docker Hub fails
     * @param maxBytes bound of the bytes held
     * @param showPrivate whether private repositories are served (otherwise they are left out and answer 404)
     */
    public record Settings(Duration ttl, Duration notFoundTtl, Duration maxStale, long maxBytes, boolean showPrivate) {}

    private final RedisTier shared;
    private final Loader loader;
    private final Settings settings;
    private final Freshness freshness;
    private final Clock clock;
    private final Executor refresher;
    private final AsyncCache<Resource, CachedResponse> entries;
    private final ExecutorService loaders = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Resource, Boolean> refreshing = new ConcurrentHashMap<>();
    private final Map<Resource, Instant> refreshNotBefore = new ConcurrentHashMap<>();
    private final LongAdder evictions = new LongAdder();
    private final List<RefreshListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Hears of every background refresh that replaced an entry, with the answer it replaced and the new one (which may
     * be the same bytes: Docker Hub had nothing new). Called on the refreshing thread, after the new answer is served.
     */
    @FunctionalInterface
    public interface RefreshListener {
        void refreshed(Resource resource, CachedResponse previous, CachedResponse current);
    }

    /**
     * @param hub where answers come from
     * @param settings lifetimes and bound
     * @param ticker time for expiry
     * @param clock time stamped on answers
     * @param refresher runs background refreshes (null: virtual threads)
     * @param shared the Redis tier shared with other replicas, or null
     * @param absence how answers about absent resources are written (the server's statuses)
     */
    public ResponseCache(DockerHub hub, Settings settings, Ticker ticker, Clock clock, Executor refresher, RedisTier shared,
            Absence absence) {
        this.shared = shared;
        this.freshness = new Freshness(settings.ttl(), settings.notFoundTtl(), settings.maxStale());
        this.loader = new Loader(hub, shared, settings, freshness, clock, ticker::read, absence,
                resource -> get(resource).response());
        this.settings = settings;
        this.clock = clock;
        this.refresher = refresher != null ? refresher : loaders;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((Resource key, CachedResponse value) -> value.weight())
                .expireAfter(Expiry.writing((Resource key, CachedResponse value) ->
                        freshness.kept(value)))
                .removalListener((Resource key, CachedResponse value, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                        if (key != null) {
                            refreshNotBefore.remove(key);
                        }
                    }
                })
                .ticker(ticker)
                .executor(Runnable::run)
                .buildAsync();
    }

    /**
     * The answer for {@code resource}: fresh from memory, stale from memory (refreshing in the background),
     * or loaded from Docker Hub (one load however many ask at once).
     *
     * @throws DockerHubException when Docker Hub fails (other than with a 404) and nothing is cached
     */
    public Lookup get(Resource resource) {
        CompletableFuture<CachedResponse> present = entries.getIfPresent(resource);
        if (present != null && present.isDone()) {
            if (!present.isCompletedExceptionally()) {
                CachedResponse cached = present.join();
                if (isFresh(cached)) {
                    return new Lookup(cached, Outcome.HIT);
                }
                refreshInBackground(resource, cached);
                return new Lookup(cached, Outcome.STALE);
            }
            // a failed load Caffeine has not dropped yet: failures are never served from the cache
            entries.asMap().remove(resource, present);
        }
        CompletableFuture<CachedResponse> answer =
                entries.get(resource, (key, executor) -> CompletableFuture.supplyAsync(() -> loader.load(key), loaders));
        try {
            return new Lookup(answer.join(), Outcome.MISS);
        } catch (CompletionException e) {
            entries.asMap().remove(resource, answer);
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Entries held now. */
    public long size() {
        return entries.synchronous().estimatedSize();
    }

    /** Runs pending maintenance (evictions) now; Caffeine otherwise does it in small steps as it goes. */
    void cleanUp() {
        entries.synchronous().cleanUp();
    }

    /** Bytes held now (answer bodies plus bookkeeping). */
    public long bytes() {
        return entries.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /** Answers dropped so far to stay within the bound or past their lifetime. */
    public long evictions() {
        return evictions.sum();
    }

    /** Seconds since Docker Hub gave this answer. */
    public long ageSeconds(CachedResponse response) {
        return ageSeconds(response, clock.instant());
    }

    /** Seconds between Docker Hub giving this answer and {@code now}. */
    public long ageSeconds(CachedResponse response, Instant now) {
        return Freshness.ageSeconds(response, now);
    }

    /** Seconds this answer stays fresh, 0 when stale. */
    public long freshForSeconds(CachedResponse response) {
        return freshForSeconds(response, clock.instant());
    }

    /** Seconds this answer stays fresh after {@code now}, 0 when stale. */
    public long freshForSeconds(CachedResponse response, Instant now) {
        return freshness.freshForSeconds(response, now);
    }

    private boolean isFresh(CachedResponse cached) {
        return freshness.fresh(cached, clock.instant());
    }

    /** Adds a listener to every refresh that replaces an entry. */
    public void onRefresh(RefreshListener listener) {
        listeners.add(listener);
    }

    private void announce(Resource resource, CachedResponse previous, CachedResponse current) {
        for (RefreshListener listener : listeners) {
            try {
                listener.refreshed(resource, previous, current);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a refresh listener failed on " + resource, e);
            }
        }
    }

    private void refreshInBackground(Resource resource, CachedResponse previous) {
        Instant notBefore = refreshNotBefore.get(resource);
        if (notBefore != null && clock.instant().isBefore(notBefore)) {
            return;
        }
        if (refreshing.putIfAbsent(resource, Boolean.TRUE) != null) {
            return;
        }
        refresher.execute(() -> {
            try {
                CachedResponse current = loader.load(resource);
                entries.put(resource, CompletableFuture.completedFuture(current));
                refreshNotBefore.remove(resource);
                announce(resource, previous, current);
            } catch (DockerHubException e) {
                Duration wait = e.retryAfter().filter(d -> d.compareTo(REFRESH_RETRY) > 0).orElse(REFRESH_RETRY);
                refreshNotBefore.put(resource, clock.instant().plus(wait));
                LOG.warning("serving stale answer: " + e.getMessage());
            } catch (RuntimeException e) {
                refreshNotBefore.put(resource, clock.instant().plus(REFRESH_RETRY));
                LOG.warning("serving stale answer: refresh failed: " + e);
            } finally {
                refreshing.remove(resource);
            }
        });
    }

    @Override
    public void close() {
        loaders.shutdownNow();
        if (shared != null) {
            shared.close();
        }
    }
}
