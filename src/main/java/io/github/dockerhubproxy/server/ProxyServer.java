package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.CachedResponse;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** The proxy's HTTP server. */
public final class ProxyServer implements AutoCloseable {
    private final WebServer server;
    private final AtomicBoolean stopping;
    private final InFlight inFlight;
    private final Duration grace;

    private ProxyServer(WebServer server, AtomicBoolean stopping, InFlight inFlight, Duration grace) {
        this.server = server;
        this.stopping = stopping;
        this.inFlight = inFlight;
        this.grace = grace;
    }

    /**
     * Where and how to listen.
     *
     * @param host address to listen on
     * @param port port to listen on, 0 for any free port
     * @param routes the route table
     * @param cors allowed browser origins
     * @param shutdownGrace how long in-flight requests may take to finish when stopping
     */
    public record Settings(String host, int port, Routes routes, CorsPolicy cors, Duration shutdownGrace) {}

    /**
     * What the server serves from.
     *
     * @param cache the answers
     * @param hub the Docker Hub client
     * @param metrics the metrics
     * @param accessLog the access log
     */
    public record Parts(ResponseCache cache, DockerHub hub, Metrics metrics, AccessLog accessLog) {}

    /**
     * Starts listening. The parts may still be under construction: the server starts meanwhile (both take a few
     * hundred milliseconds of class loading, on different cores), and requests wait for the parts.
     */
    public static ProxyServer start(Settings settings, CompletableFuture<Parts> parts, Clock clock) {
        AtomicBoolean stopping = new AtomicBoolean();
        InFlight inFlight = new InFlight();
        CompletableFuture<ProxyHandler> ready = parts.thenApply(p -> new ProxyHandler(settings.routes(), p.cache(),
                new LocalRoutes(p.hub(), p.metrics(), clock, stopping::get), settings.cors(), p.metrics(), p.accessLog(),
                clock, inFlight, stopping::get));
        Handler handler = (req, res) -> ready.join().handle(req, res);
        checkAddress(settings.host(), settings.port());
        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .shutdownHook(false)
                .shutdownGracePeriod(settings.shutdownGrace())
                .connectionOptions(options -> options.tcpNoDelay(true))
                // Request headers stay validated. The response headers are the proxy's own (constant names, numbers,
                // tags, dates, and request values that were validated on the way in), so checking each again on every
                // answer only costs time; the Host header is never used, so its check is skipped too.
                .addProtocol(Http1Config.builder().validateResponseHeaders(false).validateRequestHostHeader(false).build())
                .directHandlers(ProxyServer::jsonDirectHandlers)
                .routing(routing -> routing(routing, handler))
                .build()
                .start();
        if (!server.isRunning() || server.port() < 0) {
            // taken between the check and the start: Helidon logged why and gave up
            throw new IllegalStateException("the server did not start");
        }
        ready.join();
        return new ProxyServer(server, stopping, inFlight, settings.shutdownGrace());
    }

    /**
     * Fails with one clear line when the address cannot be listened on (a port in use, an address this host does not
     * have), before Helidon tries and logs a stack trace.
     */
    private static void checkAddress(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException | UnresolvedAddressException e) {
            throw new IllegalStateException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    /** Every request goes to the one handler; the route table itself is {@link Routes}. */
    static void routing(HttpRouting.Builder routing, Handler handler) {
        routing.any(handler);
    }

    /** Requests Helidon refuses before routing (malformed request line, bad headers) also get a JSON error. */
    private static void jsonDirectHandlers(DirectHandlers.Builder handlers) {
        DirectHandler json = (request, event, status, headers, message) -> {
            byte[] body = CachedResponse.error(status.code(), status.reasonPhrase(), Instant.now()).body();
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, CachedResponse.JSON)
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

    /** How many requests the server has started to answer. */
    public long requestsStarted() {
        return inFlight.started();
    }

    /**
     * Stops taking requests (new ones are answered 503 and their connections closed; {@code /ready} says
     * "stopping"), waits for the requests in flight to finish, at most the grace period, then stops the server.
     */
    @Override
    public void close() {
        if (stopping.compareAndSet(false, true)) {
            inFlight.awaitIdle(grace);
            server.stop();
        }
    }
}
