package io.github.dockerhubproxy.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.DockerHubException;
import io.github.dockerhubproxy.upstream.Resource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Docker Hub's answers, encoded once and kept in memory, bounded by bytes. Concurrent requests for the same
 * resource share one upstream load. Successes are kept for the TTL, upstream 404s briefly, and other failures
 * not at all.
 */
public final class ResponseCache implements AutoCloseable {
    private final DockerHub hub;
    private final Clock clock;
    private final AsyncCache<Resource, CachedResponse> entries;
    private final ExecutorService loaders = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param hub where answers come from
     * @param ttl how long a successful answer is served
     * @param notFoundTtl how long an upstream 404 is remembered
     * @param maxBytes bound of the bytes held
     * @param ticker time for expiry
     * @param clock time stamped on answers
     */
    public ResponseCache(DockerHub hub, Duration ttl, Duration notFoundTtl, long maxBytes, Ticker ticker, Clock clock) {
        this.hub = hub;
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Resource key, CachedResponse value) -> value.weight())
                .expireAfter(Expiry.creating((Resource key, CachedResponse value) -> value.status() == 200 ? ttl : notFoundTtl))
                .ticker(ticker)
                .executor(Runnable::run)
                .buildAsync();
    }

    /**
     * The answer for {@code resource}: from memory, else from Docker Hub (one load however many ask at once).
     *
     * @throws DockerHubException when Docker Hub fails other than with a 404
     */
    public CachedResponse get(Resource resource) {
        CompletableFuture<CachedResponse> answer =
                entries.get(resource, (key, executor) -> CompletableFuture.supplyAsync(() -> load(key), loaders));
        try {
            return answer.join();
        } catch (CompletionException e) {
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

    private CachedResponse load(Resource resource) {
        try {
            return CachedResponse.ok(hub.fetch(resource), clock.instant());
        } catch (DockerHubException e) {
            if (e.kind() == DockerHubException.Kind.NOT_FOUND) {
                return CachedResponse.error(404, e.getMessage(), clock.instant());
            }
            throw e;
        }
    }

    @Override
    public void close() {
        loaders.shutdownNow();
    }
}
