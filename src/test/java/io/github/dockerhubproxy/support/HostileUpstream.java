package io.github.dockerhubproxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An upstream that misbehaves at the byte level, where a well-behaved HTTP server cannot: it answers every request
 * with headers Docker Hub would send and then a body that never ends, claims two gigabytes, or trickles. It counts
 * what it was asked and what it managed to write before the proxy dropped the connection.
 */
public final class HostileUpstream implements AutoCloseable {
    /** How the body misbehaves. */
    public enum Body {
        /** Chunked, never ending. */
        ENDLESS_CHUNKED,
        /** {@code Content-Length: 2147483648}, then bytes for as long as the proxy reads. */
        HUGE_LENGTH,
        /** {@code Content-Length: 1000}, then a byte every 100 ms. */
        TRICKLE,
    }

    private static final byte[] FILLER = filler();

    private final ServerSocket server;
    private final Body body;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicInteger dropped = new AtomicInteger();
    private final Thread acceptor;

    private HostileUpstream(Body body) throws IOException {
        this.body = body;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().start(this::accept);
    }

    /** Starts one on a free port. */
    public static HostileUpstream start(Body body) {
        try {
            return new HostileUpstream(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its base URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Requests received. */
    public int requests() {
        return requests.get();
    }

    /** Body bytes written before the connections broke. */
    public long written() {
        return written.get();
    }

    /** Connections the proxy closed while the body was still being sent. */
    public int dropped() {
        return dropped.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (readHead(in)) {
                requests.incrementAndGet();
                switch (body) {
                    case ENDLESS_CHUNKED -> {
                        out.write(head("Transfer-Encoding: chunked"));
                        byte[] size = (Integer.toHexString(FILLER.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                        while (true) {
                            out.write(size);
                            out.write(FILLER);
                            out.write(new byte[] {'\r', '\n'});
                            written.addAndGet(FILLER.length);
                        }
                    }
                    case HUGE_LENGTH -> {
                        out.write(head("Content-Length: 2147483648"));
                        while (true) {
                            out.write(FILLER);
                            written.addAndGet(FILLER.length);
                        }
                    }
                    case TRICKLE -> {
                        out.write(head("Content-Length: 1000"));
                        for (int i = 0; i < 1000; i++) {
                            out.write(' ');
                            out.flush();
                            written.incrementAndGet();
                            LockSupport.parkNanos(100_000_000L);
                        }
                    }
                }
            }
        } catch (IOException e) {
            dropped.incrementAndGet();
        }
    }

    private static byte[] head(String framing) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one request head; false at the end of the stream. */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        int c;
        while ((c = in.read()) >= 0) {
            matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : c == '\r' ? 1 : 0;
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    private static byte[] filler() {
        byte[] bytes = new byte[64 * 1024];
        Arrays.fill(bytes, (byte) ' ');
        bytes[0] = '[';
        return bytes;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        acceptor.interrupt();
    }
}
