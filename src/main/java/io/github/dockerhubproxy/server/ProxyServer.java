package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.CachedResponse;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.time.Instant;

/** The proxy's HTTP server. */
public final class ProxyServer implements AutoCloseable {
    private final WebServer server;

    private ProxyServer(WebServer server) {
        this.server = server;
    }

    /** Starts listening on {@code host:port} (port 0: any free port). */
    public static ProxyServer start(String host, int port, Routes routes, CorsPolicy cors, ResponseCache cache,
            DockerHub hub, Clock clock) {
        ProxyHandler handler = new ProxyHandler(routes, cache, hub, cors, clock);
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                .shutdownHook(false)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .directHandlers(ProxyServer::jsonDirectHandlers)
                .routing(routing -> routing(routing, handler))
                .build()
                .start();
        return new ProxyServer(server);
    }

    /** The route table, shared by {@link #start} and the tests. */
    static void routing(HttpRouting.Builder routing, ProxyHandler handler) {
        routing.any(handler);
    }

    /** Requests Helidon refuses before routing (malformed request line, bad headers) also get a JSON error. */
    private static void jsonDirectHandlers(DirectHandlers.Builder handlers) {
        DirectHandler json = (request, event, status, headers, message) -> {
            byte[] body = CachedResponse.error(status.code(), status.reasonPhrase(), Instant.now()).body();
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, "application/json")
                    .entity(body)
                    .build();
        };
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            handlers.addHandler(event, json);
        }
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
