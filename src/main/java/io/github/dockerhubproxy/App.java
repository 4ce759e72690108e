package io.github.dockerhubproxy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.server.ProxyServer;
import io.github.dockerhubproxy.server.Routes;
import io.github.dockerhubproxy.upstream.Credentials;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.Sleeper;
import java.time.Clock;
import java.util.concurrent.Executor;

/** The running proxy: Docker Hub client, cache and server wired from a {@link Config}. */
public final class App implements AutoCloseable {
    private final DockerHub hub;
    private final ResponseCache cache;
    private final ProxyServer server;

    private App(DockerHub hub, ResponseCache cache, ProxyServer server) {
        this.hub = hub;
        this.cache = cache;
        this.server = server;
    }

    /**
     * Time and background work, injected so that tests advance a fake clock instead of sleeping.
     *
     * @param ticker time for cache expiry
     * @param clock wall time for ages, rate limits and logins
     * @param sleeper how retries and the rate limiter wait
     * @param background runs background refreshes (null: virtual threads)
     */
    public record Timing(Ticker ticker, Clock clock, Sleeper sleeper, Executor background) {
        /** Real time. */
        public static Timing system() {
            return new Timing(Ticker.systemTicker(), Clock.systemUTC(), Sleeper.system(), null);
        }
    }

    /** Starts the proxy in real time. */
    public static App start(Config config) {
        return start(config, Timing.system());
    }

    /** Starts the proxy with injected time. */
    public static App start(Config config, Timing timing) {
        Clock clock = timing.clock();
        DockerHub hub = DockerHub.builder()
                .apiUrl(config.apiUrl())
                .credentials(credentials(config))
                .connectTimeout(config.connectTimeout())
                .timeout(config.upstreamTimeout())
                .pageConcurrency(config.pageConcurrency())
                .requestsPerMinute(config.upstreamRateLimit())
                .sleeper(timing.sleeper())
                .clock(clock)
                .build();
        ResponseCache cache = new ResponseCache(hub, new ResponseCache.Settings(config.cacheTtl(), config.notFoundTtl(),
                config.cacheMaxStale(), config.cacheMaxBytes(), config.showPrivate()), timing.ticker(), clock,
                timing.background());
        ProxyServer server = ProxyServer.start(config.httpHost(), config.httpPort(),
                new Routes(config.maxRepositories(), config.maxItems()), config.cors(), cache, hub, clock);
        return new App(hub, cache, server);
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

    /** The Docker Hub client behind the proxy. */
    public DockerHub hub() {
        return hub;
    }

    @Override
    public void close() {
        server.close();
        cache.close();
    }
}
