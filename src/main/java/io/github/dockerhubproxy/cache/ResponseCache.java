package io.github.dockerhubproxy.cache;

import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Docker Hub's answers as {@link Entry entries}, kept in memory (Caffeine's async loading cache), bounded by bytes.
 * Concurrent requests for one resource share one load. {@link Freshness} is the one rule: a fresh entry is served;
 * a stale one is served while one background refresh ({@code LoadingCache.refresh}, one at a time per key) runs; a
 * refresh that fails leaves the old entry in place, to be tried again after {@link #REFRESH_RETRY} (or Docker Hub's
 * {@code Retry-After}); a refresh that succeeds is announced to every {@link RefreshListener}. Failures are never kept.
 */
public final class ResponseCache implements AutoCloseable {
    /** Wait before refreshing again after a refresh failed, unless Docker Hub asked for longer. */
    static final Duration REFRESH_RETRY = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(ResponseCache.class.getName());

    /** Where an answer came from. */
    public enum Outcome {
        /** Fresh, from memory. */
        HIT,
        /** Loaded for this request (or for a concurrent one it joined). */
        MISS,
        /** Past its TTL, from memory, because a refresh is running or Docker Hub is failing. */
        STALE;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The outcome in lower case, for logs and metrics. */
        public String label() {
            return label;
        }
    }

    /** What the cache knows and where it came from. */
    public record Lookup(Entry entry, Outcome outcome) {}

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

    /**
     * Hears of every background refresh that brought a new entry, with the entry it replaces and the new one (which
     * may hold the same bytes: Docker Hub had nothing new). Called on the refreshing thread as the new entry goes in.
     */
    @FunctionalInterface
    public interface RefreshListener {
        void refreshed(Resource resource, Entry previous, Entry current);
    }

    /** An entry, and the earliest time to refresh it: when it goes stale, or a while after a refresh failed. */
    private record Held(Entry entry, Instant refreshFrom) {}

    private final DockerHub hub;
    private final RedisTier shared;
    private final Loader loader;
    private final Settings settings;
    private final Freshness freshness;
    private final Clock clock;
    private final Executor refresher;
    private final ExecutorService loaders = Executors.newVirtualThreadPerTaskExecutor();
    private final AsyncLoadingCache<Resource, Held> entries;
    private final LongAdder evictions = new LongAdder();
    private final List<RefreshListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param hub where answers come from
     * @param settings lifetimes and bound
     * @param ticker time for expiry
     * @param clock time stamped on answers
     * @param refresher runs background refreshes (null: virtual threads)
     * @param shared the Redis tier shared with other replicas, or null
     */
    public ResponseCache(DockerHub hub, Settings settings, Ticker ticker, Clock clock, Executor refresher, RedisTier shared) {
        this.hub = hub;
        this.shared = shared;
        this.settings = settings;
        this.clock = clock;
        this.freshness = new Freshness(settings.ttl(), settings.notFoundTtl(), settings.maxStale());
        this.loader = new Loader(hub, shared, settings.showPrivate(), freshness, clock, ticker::read);
        this.refresher = refresher != null ? refresher : loaders;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((Resource key, Held held) -> held.entry().weight())
                .expireAfter(Expiry.writing((Resource key, Held held) -> freshness.keptFor(held.entry(), clock.instant())))
                .removalListener((Resource key, Held held, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .ticker(ticker)
                .executor(Runnable::run)
                .buildAsync(new AsyncCacheLoader<>() {
                    @Override
                    public CompletableFuture<Held> asyncLoad(Resource key, Executor executor) {
                        return CompletableFuture.supplyAsync(() -> held(loader.load(key)), loaders);
                    }

                    @Override
                    public CompletableFuture<Held> asyncReload(Resource key, Held old, Executor executor) {
                        return CompletableFuture.supplyAsync(() -> reload(key, old), ResponseCache.this.refresher);
                    }
                });
    }

    /**
     * What the cache knows about {@code resource}: fresh from memory, stale from memory (refreshing in the
     * background), or loaded now (one load however many ask at once) — or, when that load failed, the failure.
     */
    public Lookup get(Resource resource) {
        if (!settings.showPrivate() && hub.authenticated() && resource instanceof Resource.InRepository in
                && !(resource instanceof Resource.Repository)) {
            // with credentials Docker Hub also answers for private repositories: only what is in a public one is served
            Lookup repository = lookup(new Resource.Repository(in.username(), in.name()));
            if (!repository.entry().found()) {
                return repository.entry() instanceof Entry.Failed ? repository
                        : new Lookup(new Entry.NotFound(Privacy.notFound(in), repository.entry().fetchedAt()), repository.outcome());
            }
        }
        return lookup(resource);
    }

    private Lookup lookup(Resource resource) {
        CompletableFuture<Held> present = entries.getIfPresent(resource);
        if (present != null && present.isDone() && !present.isCompletedExceptionally()) {
            Held held = present.join();
            Instant now = clock.instant();
            if (freshness.fresh(held.entry(), now)) {
                return new Lookup(held.entry(), Outcome.HIT);
            }
            if (!now.isBefore(held.refreshFrom())) {
                entries.synchronous().refresh(resource);
            }
            return new Lookup(held.entry(), Outcome.STALE);
        }
        CompletableFuture<Held> load = entries.get(resource);
        try {
            return new Lookup(load.join().entry(), Outcome.MISS);
        } catch (CompletionException e) {
            entries.asMap().remove(resource, load);
            if (e.getCause() instanceof DockerHubException failure) {
                return new Lookup(new Entry.Failed(failure, clock.instant()), Outcome.MISS);
            }
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A background refresh: the new entry, announced; or, when Docker Hub failed, the old one, tried again later. */
    private Held reload(Resource resource, Held old) {
        Duration wait = REFRESH_RETRY;
        try {
            Entry current = loader.load(resource);
            announce(resource, old.entry(), current);
            return held(current);
        } catch (DockerHubException e) {
            wait = e.retryAfter().filter(asked -> asked.compareTo(REFRESH_RETRY) > 0).orElse(REFRESH_RETRY);
            LOG.warning("serving stale answer: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warning("serving stale answer: refresh failed: " + e);
        }
        return new Held(old.entry(), clock.instant().plus(wait));
    }

    private Held held(Entry entry) {
        return new Held(entry, entry.fetchedAt().plus(freshness.lifetime(entry)));
    }

    /** What memory holds for {@code resource} now, fresh or stale, without loading anything; empty when nothing. */
    public Optional<Entry> peek(Resource resource) {
        CompletableFuture<Held> present = entries.getIfPresent(resource);
        return present != null && present.isDone() && !present.isCompletedExceptionally()
                ? Optional.of(present.join().entry()) : Optional.empty();
    }

    /**
     * Replaces what is held for {@code resource} with an answer obtained another way (the watch list's walk, which
     * reads only the pages that changed): kept and shared as if just fetched, and announced like a refresh.
     */
    public void put(Resource resource, Entry.Found entry) {
        Optional<Entry> previous = peek(resource);
        entries.put(resource, CompletableFuture.completedFuture(held(entry)));
        if (shared != null) {
            shared.put(resource, entry, freshness.keptFor(entry, clock.instant()));
        }
        previous.ifPresent(old -> announce(resource, old, entry));
    }

    /** Adds a listener to every refresh that brings a new entry. */
    public void onRefresh(RefreshListener listener) {
        listeners.add(listener);
    }

    private void announce(Resource resource, Entry previous, Entry current) {
        for (RefreshListener listener : listeners) {
            try {
                listener.refreshed(resource, previous, current);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a refresh listener failed on " + resource, e);
            }
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

    /** Seconds between Docker Hub giving this answer and {@code now}. */
    public long ageSeconds(Entry entry, Instant now) {
        return Freshness.ageSeconds(entry, now);
    }

    /** Seconds this answer stays fresh after {@code now}, 0 when stale. */
    public long freshForSeconds(Entry entry, Instant now) {
        return freshness.freshForSeconds(entry, now);
    }

    @Override
    public void close() {
        loaders.shutdownNow();
        if (shared != null) {
            shared.close();
        }
    }
}
