package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.JsonBytes;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.store.WatchStore;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.watch.WatchSettings;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/** The proxy's HTTP server. */
public final class ProxyServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProxyServer.class.getName());
    private final WebServer server;
    private final AtomicBoolean stopping;
    private final InFlight inFlight;
    private final Duration grace;
    private final ClientConnections connections;

    private ProxyServer(WebServer server, AtomicBoolean stopping, InFlight inFlight, Duration grace,
            ClientConnections connections) {
        this.connections = connections;
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
     * @param maxConnections most client connections open at once (0: what the descriptor limit allows)
     * @param headerTimeout longest a client may take to send a request head
     * @param idleTimeout longest a kept-alive connection may sit idle
     */
    public record Settings(String host, int port, Routes routes, CorsPolicy cors, Duration shutdownGrace,
            int maxConnections, Duration headerTimeout, Duration idleTimeout) {}

    /**
     * What the server serves from.
     *
     * @param cache the answers
     * @param hub the Docker Hub client
     * @param metrics the metrics
     * @param accessLog the access log
     */
    public record Parts(ResponseCache cache, DockerHub hub, Metrics metrics, AccessLog accessLog, WatchSettings watch,
            WatchStore watchStore) {
        /** Without a watch list. */
        public Parts(ResponseCache cache, DockerHub hub, Metrics metrics, AccessLog accessLog) {
            this(cache, hub, metrics, accessLog, WatchSettings.off(), null);
        }
    }

    /**
     * Starts listening. The parts may still be under construction: the server starts meanwhile (both take a few
     * hundred milliseconds of class loading, on different cores), and requests wait for the parts.
     *
     * @param clock wall time, for answers made here
     * @param nanoTime monotonic time, for the header timeout
     */
    public static ProxyServer start(Settings settings, CompletableFuture<Parts> parts, Clock clock, LongSupplier nanoTime) {
        AtomicBoolean stopping = new AtomicBoolean();
        InFlight inFlight = new InFlight();
        checkAddress(settings.host(), settings.port());
        OpenFiles files = OpenFiles.current();
        int maxConnections = ClientConnections.cap(settings.maxConnections(), files, Runtime.getRuntime().maxMemory());
        // Request headers stay validated. The response headers are the proxy's own (constant names, numbers, tags,
        // dates, and request values that were validated on the way in), so checking each again on every answer only
        // costs time; the Host header is never used, so its check is skipped too.
        Http1Config http1 = Http1Config.builder().validateResponseHeaders(false).validateRequestHostHeader(false).build();
        ClientConnections connections = new ClientConnections(http1, maxConnections, settings.headerTimeout(), nanoTime);
        CompletableFuture<ProxyHandler> ready = parts.thenApply(p -> {
            p.metrics().watch(connections);
            return new ProxyHandler(settings.routes(), p.cache(), new LocalRoutes(p.hub(), p.metrics(), stopping::get,
                    p.watchStore() == null ? null : p.watchStore().database()),
                    settings.cors(), p.metrics(), p.accessLog(), clock, inFlight, stopping::get,
                    new WatchRoutes(p.watch(), p.watchStore()));
        });
        Handler handler = (req, res) -> ready.join().handle(req, res);
        Duration shortest = settings.headerTimeout().compareTo(settings.idleTimeout()) < 0
                ? settings.headerTimeout() : settings.idleTimeout();
        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .shutdownHook(false)
                .shutdownGracePeriod(settings.shutdownGrace())
                .connectionOptions(options -> options.tcpNoDelay(true))
                .protocolsDiscoverServices(false)
                .addConnectionSelector(connections)
                .maxTcpConnections(files.acceptBound(maxConnections))
                .idleConnectionTimeout(settings.idleTimeout())
                .idleConnectionPeriod(Duration.ofMillis(Math.max(100, shortest.toMillis() / 2)))
                .directHandlers(ProxyServer::jsonDirectHandlers)
                .routing(routing -> routing(routing, handler))
                .build()
                .start();
        if (!server.isRunning() || server.port() < 0) {
            // taken between the check and the start: Helidon logged why and gave up
            throw new IllegalStateException("the server did not start");
        }
        ready.join();
        return new ProxyServer(server, stopping, inFlight, settings.shutdownGrace(), connections);
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

    /**
     * Requests Helidon refuses before routing (malformed request line, bad headers) also get a JSON error. Everything
     * that fails before routing was sent by the client, so what Helidon calls an internal error there (a control
     * character in the method, say) is a malformed request: a 400 and one short warning line, at most one a second,
     * instead of Helidon's 500 with a stack trace per request.
     */
    private static void jsonDirectHandlers(DirectHandlers.Builder handlers) {
        FailureLog malformed = new FailureLog(LOG);
        DirectHandler json = (request, event, status, headers, message) -> {
            Status answered = status;
            if (event == DirectHandler.EventType.INTERNAL_ERROR || status.code() == 500) {
                answered = Status.BAD_REQUEST_400;
                malformed.warn("malformed request from a client refused: " + (message == null ? "unparseable" : message));
            }
            byte[] body = Made.error(answered.code(), answered.reasonPhrase()).body();
            return DirectHandler.TransportResponse.builder()
                    .status(answered)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, JsonBytes.MEDIA_TYPE)
                    .entity(body)
                    .build();
        };
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            handlers.addHandler(event, json);
        }
    }

    /**
     * Runs {@code action} (once) if the listener stops without {@link #close()} — Helidon ends its accept loop for
     * good on an error it does not expect — so that the process can exit and its supervisor start it again, instead
     * of running on with nobody listening. Checked every {@code period} by a daemon thread, which is returned; it
     * ends once the listener stops either way.
     */
    public Thread whenListenerDies(Duration period, Runnable action) {
        return Thread.ofPlatform().daemon().name("listener-watch").start(() -> {
            while (!stopping.get()) {
                if (!server.isRunning()) {
                    if (!stopping.get()) {
                        action.run();
                    }
                    return;
                }
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Helidon's server itself (tests stop it behind the proxy's back). */
    WebServer webServer() {
        return server;
    }

    /** Client connections open now, and the most allowed. */
    public int openConnections() {
        return connections.open();
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
