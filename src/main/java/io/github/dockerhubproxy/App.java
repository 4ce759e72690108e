package io.github.dockerhubproxy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.server.ProxyServer;
import io.github.dockerhubproxy.upstream.Credentials;
import io.github.dockerhubproxy.upstream.DockerHub;
import java.time.Clock;

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

    /** Starts the proxy with the system clock. */
    public static App start(Config config) {
        return start(config, Ticker.systemTicker(), Clock.systemUTC());
    }

    /** Starts the proxy with injected time (tests advance a fake ticker instead of sleeping). */
    public static App start(Config config, Ticker ticker, Clock clock) {
        DockerHub hub = DockerHub.builder()
                .apiUrl(config.apiUrl())
                .credentials(credentials(config))
                .connectTimeout(config.connectTimeout())
                .timeout(config.upstreamTimeout())
                .pageConcurrency(config.pageConcurrency())
                .clock(clock)
                .build();
        ResponseCache cache = new ResponseCache(hub, config.cacheTtl(), config.notFoundTtl(), config.cacheMaxBytes(),
                ticker, clock);
        ProxyServer server = ProxyServer.start(config.httpHost(), config.httpPort(), config.cors(), cache, clock);
        return new App(hub, cache, server);
    }

    static Credentials credentials(Config config) {
        if (config.token() != null) {
            return Credentials.token(config.token());
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
