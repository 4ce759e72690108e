package io.github.dockerhubproxy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.dockerhubproxy.cache.RedisTier;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.server.AccessLog;
import io.github.dockerhubproxy.server.Metrics;
import io.github.dockerhubproxy.server.ProxyServer;
import io.github.dockerhubproxy.store.Database;
import io.github.dockerhubproxy.store.Outbox;
import io.github.dockerhubproxy.store.WatchStore;
import io.github.dockerhubproxy.watch.Watcher;
import io.github.dockerhubproxy.watch.Webhooks;
import io.github.dockerhubproxy.server.Routes;
import io.github.dockerhubproxy.upstream.Credentials;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.concurrent.Executor;

/** The running proxy: Docker Hub client, cache and server wired from a {@link Config}. */
public final class App implements AutoCloseable {
    private final DockerHub hub;
    private final ResponseCache cache;
    private final ProxyServer server;
    private final AccessLog accessLog;
    private final WatchStore watchStore;
    private final Watcher watcher;

    private App(DockerHub hub, ResponseCache cache, ProxyServer server, AccessLog accessLog, WatchStore watchStore,
            Watcher watcher) {
        this.watchStore = watchStore;
        this.watcher = watcher;
        this.hub = hub;
        this.cache = cache;
        this.server = server;
        this.accessLog = accessLog;
    }

    /**
     * Time and background work, injected so that tests advance a fake clock instead of sleeping.
     *
     * @param ticker time for cache expiry
     * @param clock wall time for ages, rate limits and logins
     * @param sleeper how retries and the rate limiter wait
     * @param background runs background refreshes (null: virtual threads)
     * @param jitter spreads retry backoffs, numbers in [0, 1)
     */
    public record Timing(Ticker ticker, Clock clock, Sleeper sleeper, Executor background, DoubleSupplier jitter) {
        /** Real time. */
        public static Timing system() {
            return new Timing(Ticker.systemTicker(), Clock.systemUTC(), Sleeper.system(), null,
                    () -> ThreadLocalRandom.current().nextDouble());
        }
    }

    /** Starts the proxy in real time. */
    public static App start(Config config) {
        App app = start(config, Timing.system());
        if (app.watcher != null) {
            app.watcher.start();
        }
        return app;
    }

    /** Starts the proxy with injected time, logging requests to standard output (if configured). */
    public static App start(Config config, Timing timing) {
        return start(config, timing, config.accessLog() ? AccessLog.stdout(timing.clock()) : AccessLog.off());
    }

    /** Starts the proxy with injected time and access log. */
    public static App start(Config config, Timing timing, AccessLog accessLog) {
        ProxyServer.Settings settings = new ProxyServer.Settings(config.httpHost(), config.httpPort(),
                new Routes(config.maxRepositories(), config.maxItems()), config.cors(), config.shutdownTimeout(),
                config.maxConnections(), config.headerTimeout(), config.idleTimeout());
        CompletableFuture<ProxyServer.Parts> parts = new CompletableFuture<>();
        Thread.ofPlatform().name("startup").start(() -> {
            try {
                parts.complete(parts(config, timing, accessLog));
            } catch (RuntimeException | Error e) {
                parts.completeExceptionally(e);
            }
        });
        ProxyServer server;
        try {
            server = ProxyServer.start(settings, parts, timing.clock(), timing.ticker()::read);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        ProxyServer.Parts built = parts.join();
        Watcher watcher = null;
        if (built.watchStore() != null) {
            Outbox outbox = new Outbox(built.watchStore().database());
            Webhooks webhooks = new Webhooks(config.watch(), outbox, timing.clock(), built.metrics().webhooks(outbox));
            watcher = new Watcher(config.watch(), built.hub(), built.cache(), config.maxItems(), built.watchStore(), webhooks,
                    timing.clock(), timing.sleeper(), holder());
        }
        return new App(built.hub(), built.cache(), server, accessLog, built.watchStore(), watcher);
    }

    /** The client, cache and metrics, built while the HTTP server starts. */
    private static ProxyServer.Parts parts(Config config, Timing timing, AccessLog accessLog) {
        Clock clock = timing.clock();
        Metrics metrics = new Metrics(new Metrics.BuildInfo(version(), config.gitCommit(), config.buildTimestamp()));
        DockerHub hub = DockerHub.builder()
                .apiUrl(config.apiUrl())
                .registry(config.registryUrl(), config.registryAuthUrl())
                .credentials(credentials(config))
                .connectTimeout(config.connectTimeout())
                .timeout(config.upstreamTimeout())
                .pageConcurrency(config.pageConcurrency())
                .maxBodyBytes(config.upstreamMaxBodyBytes())
                .maxListBytes(config.listMaxBytes())
                .requestsPerMinute(config.upstreamRateLimit())
                .sleeper(timing.sleeper())
                .jitter(timing.jitter())
                .observer(metrics)
                .clock(clock)
                .nanoTime(timing.ticker()::read)
                .build();
        RedisTier redis = config.redisUrl() == null ? null
                : RedisTier.connect(config.redisUrl(), config.redisPassword(), config.redisTimeout(), clock);
        ResponseCache cache = new ResponseCache(hub, new ResponseCache.Settings(config.cacheTtl(), config.notFoundTtl(),
                config.cacheMaxStale(), config.cacheMaxBytes(), config.showPrivate()), timing.ticker(), clock,
                timing.background(), redis);
        metrics.watch(cache);
        if (redis != null) {
            metrics.watch(redis);
        }
        metrics.watch(hub, clock);
        WatchStore watchStore = config.watch().enabled() ? new WatchStore(Database.open(config.watch().database(), clock)) : null;
        return new ProxyServer.Parts(cache, hub, metrics, accessLog, config.watch(), watchStore);
    }

    static Credentials credentials(Config config) {
        if (config.token() != null) {
            return Config.isAccessToken(config.token())
                    ? Credentials.login(config.username(), config.token())
                    : Credentials.token(config.token());
        }
        if (config.username() != null) {
            return Credentials.login(config.username(), config.password());
        }
        return Credentials.anonymous();
    }

    /** The port the proxy listens on. */
    public int port() {
        return server.port();
    }

    /** How many requests the proxy has started to answer. */
    public long requestsStarted() {
        return server.requestsStarted();
    }

    /** Runs {@code action} if the listener stops on its own (see {@link ProxyServer#whenListenerDies}). */
    public void whenListenerDies(Runnable action) {
        server.whenListenerDies(Duration.ofSeconds(1), action);
    }

    /** Client connections open now. */
    public int openConnections() {
        return server.openConnections();
    }

    /** What watches the configured repositories; null when nothing is watched (tests run its cycles). */
    public Watcher watcher() {
        return watcher;
    }

    /** Who this instance is among replicas: host name, process id and a random part. */
    private static String holder() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /** The Docker Hub client behind the proxy. */
    public DockerHub hub() {
        return hub;
    }

    /** Writes what the access log holds (tests). */
    public void flushAccessLog() {
        accessLog.flush();
    }

    /** Whether requests are logged. */
    public boolean accessLogEnabled() {
        return accessLog.enabled();
    }

    /** The proxy's version, from the jar's build. */
    static String version() {
        try (InputStream in = App.class.getResourceAsStream("/dockerhub-proxy.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Stops accepting, lets in-flight requests finish (within {@code SHUTDOWN_TIMEOUT}), then releases everything. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        server.close();
        cache.close();
        if (watchStore != null) {
            watchStore.database().close();
        }
        accessLog.close();
    }
}
