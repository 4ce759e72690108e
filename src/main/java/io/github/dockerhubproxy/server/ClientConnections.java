package io.github.dockerhubproxy.server;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Every client connection passes here before Helidon's HTTP/1.1 parser (this is the listener's only connection
 * selector): at most {@code max} are open at once — one more is answered 503 and closed at once, so the process
 * never runs out of descriptors and its listener never dies of it; a request head must arrive within the header
 * timeout (slowloris); HTTP/1.0 is understood ({@link RequestStream}). Idle connections are closed by Helidon's own
 * idle timer, which this class also uses to close the ones whose head is overdue.
 */
final class ClientConnections implements ServerConnectionSelector {
    private static final Logger LOG = Logger.getLogger(ClientConnections.class.getName());
    private static final byte[] FULL = fullAnswer();
    /** Heap an open connection holds (Helidon's buffers and objects, a virtual thread): measured, 4,000 at once. */
    static final long BYTES_PER_CONNECTION = 32 * 1024;

    private final Http1ConnectionSelector http1;
    private final int max;
    private final long headerTimeoutNanos;
    private final LongSupplier nanos;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    ClientConnections(Http1Config config, int max, Duration headerTimeout, LongSupplier nanos) {
        this.http1 = Http1ConnectionSelector.builder().config(config).build();
        this.max = max;
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.nanos = nanos;
    }

    /**
     * The most connections to keep open: {@code configured} (0: the default), lowered — with a warning when the
     * operator asked for more — to what the open-files limit and the heap allow.
     */
    static int cap(int configured, OpenFiles files, long maxHeap) {
        if (files.raisable()) {
            LOG.warning("open files limited to " + files.soft() + " of " + files.hard() + " (the JVM was started with "
                    + "-XX:-MaxFDLimit); raise it with ulimit -n " + files.hard());
        }
        int byFiles = files.maxConnections(configured);
        int byHeap = heapBound(maxHeap);
        int cap = Math.min(byFiles, byHeap);
        if (configured > cap) {
            LOG.warning("HTTP_MAX_CONNECTIONS=" + configured + " lowered to " + cap + ": " + (byFiles <= byHeap
                    ? "the process may open only " + files.soft() + " files"
                    : "each open connection holds about " + (BYTES_PER_CONNECTION >> 10) + " KB of a "
                            + (maxHeap >> 20) + " MB heap"));
        }
        return cap;
    }

    /** The most connections whose bookkeeping fits a third of {@code maxHeap}, so that a flood cannot fill it. */
    static int heapBound(long maxHeap) {
        return (int) Math.max(16, Math.min(Integer.MAX_VALUE, maxHeap / 3 / BYTES_PER_CONNECTION));
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    /** Connections refused so far because {@code max} were open. */
    int refused() {
        return refused.get();
    }

    /** The most connections open at once. */
    int max() {
        return max;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData request) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new Guarded(ctx);
    }

    private static byte[] fullAnswer() {
        Made answer = Statuses.error(Statuses.Refusal.TOO_MANY_CONNECTIONS, "too many connections to the proxy; try again in a moment");
        String head = "HTTP/1.1 " + Status.create(answer.status()).text() + "\r\nContent-Type: " + answer.contentType()
                + "\r\nContent-Length: " + answer.body().length
                + "\r\nRetry-After: 1\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(headBytes, headBytes.length + answer.body().length);
        System.arraycopy(answer.body(), 0, all, headBytes.length, answer.body().length);
        return all;
    }

    /** One client connection: counted, watched while it sends a head, handed to Helidon's HTTP/1.1 connection. */
    private final class Guarded implements ServerConnection {
        private final ConnectionContext ctx;
        private final long openedNanos = nanos.getAsLong();
        private volatile RequestStream stream;
        private volatile ServerConnection http;

        Guarded(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                if (open.incrementAndGet() > max) {
                    refused.incrementAndGet();
                    ctx.dataWriter().writeNow(BufferData.create(FULL));
                    return;
                }
                HelidonSocket socket = ctx.serverSocket();
                stream = new RequestStream(() -> {
                    try {
                        return socket.get();
                    } catch (UncheckedIOException e) {
                        throw new ServerConnectionException("Failed to get data from socket", e);
                    }
                }, nanos);
                http = http1.connection(new Watched(ctx, DataReader.create(stream)));
                http.handle(limit);
            } finally {
                open.decrementAndGet();
            }
        }

        /** Helidon's idle timer asks: a connection whose head is overdue reports itself as idle for good. */
        @Override
        public Duration idleTime() {
            if (headOverdue()) {
                return Duration.ofDays(1);
            }
            ServerConnection current = http;
            return current == null ? Duration.ofNanos(nanos.getAsLong() - openedNanos) : current.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            ServerConnection current = http;
            if (current == null || headOverdue()) {
                // blocked reading a head: only closing the socket ends that read
                try {
                    ctx.serverSocket().close();
                } catch (UncheckedIOException e) {
                    // closed already
                }
            }
            if (current != null) {
                current.close(interrupt);
            }
        }

        private boolean headOverdue() {
            RequestStream s = stream;
            long started = s == null ? 0 : s.headStartedNanos();
            return started != 0 && nanos.getAsLong() - started > headerTimeoutNanos;
        }
    }

    /** The connection as Helidon made it, but read through a {@link RequestStream}. */
    private record Watched(ConnectionContext ctx, DataReader reader) implements ConnectionContext {
        @Override
        public ListenerContext listenerContext() {
            return ctx.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return ctx.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return ctx.dataWriter();
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public Router router() {
            return ctx.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return ctx.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return ctx.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return ctx.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return ctx.localPeer();
        }

        @Override
        public boolean isSecure() {
            return ctx.isSecure();
        }

        @Override
        public String socketId() {
            return ctx.socketId();
        }

        @Override
        public String childSocketId() {
            return ctx.childSocketId();
        }
    }
}
