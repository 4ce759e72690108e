package io.github.dockerhubproxy.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The bytes of one client connection on their way to Helidon's HTTP/1.1 parser, watched and, for HTTP/1.0, mended:
 * <ul>
 *   <li>it knows when a request head is being read (from its first byte to its blank line), so that a client
 *       sending its head slowly can be cut off ({@link #headStartedNanos()});</li>
 *   <li>Helidon refuses HTTP/1.0 (nginx's default toward upstreams), so an {@code HTTP/1.0} request line is passed
 *       on as {@code HTTP/1.1} with a {@value #HTTP10_HEADER} header saying what it was; the answer then closes the
 *       connection unless the client asked for keep-alive. Answering a 1.0 request in HTTP/1.1 is what RFC 9110
 *       asks of a 1.1 server, and every answer of the proxy has a {@code Content-Length}.</li>
 * </ul>
 * Bytes pass through untouched otherwise; the tail of an unfinished request line (at most its last
 * {@value #TAIL} bytes) is held back until the line ends, so a version split across reads is still seen.
 */
final class RequestStream implements Supplier<byte[]> {
    /** Marks a request that came as HTTP/1.0. */
    static final String HTTP10_HEADER = "X-Proxy-Request-Version";
    private static final byte[] HTTP10 = " HTTP/1.0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARK = (HTTP10_HEADER + ": 1.0\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int TAIL = HTTP10.length - 1;
    private static final byte[] NONE = new byte[0];

    private final Supplier<byte[]> socket;
    private final LongSupplier nanos;
    private byte[] held = NONE;
    private boolean inHeaders;
    private int blankLineMatched;
    private volatile long headStartedNanos;

    /** @param socket the connection's bytes (null at the end); @param nanos the clock */
    RequestStream(Supplier<byte[]> socket, LongSupplier nanos) {
        this.socket = socket;
        this.nanos = nanos;
    }

    /** When the head being read started arriving; 0 while no head is being read. */
    long headStartedNanos() {
        return headStartedNanos;
    }

    @Override
    public byte[] get() {
        while (true) {
            byte[] chunk = socket.get();
            if (chunk == null) {
                return null;
            }
            byte[] in = held.length == 0 ? chunk : concat(held, chunk);
            held = NONE;
            byte[] out = process(in);
            if (out.length > 0) {
                return out;
            }
        }
    }

    private byte[] process(byte[] in) {
        ByteArrayOutputStream mended = null;
        int copiedUpTo = 0;
        int lineStart = 0;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (inHeaders) {
                blankLineMatched = next(blankLineMatched, b);
                if (blankLineMatched == 4) {
                    inHeaders = false;
                    headStartedNanos = 0;
                    lineStart = i + 1;
                }
                continue;
            }
            if (headStartedNanos == 0 && b != '\r' && b != '\n') {
                headStartedNanos = Math.max(1, nanos.getAsLong());
            }
            if (b != '\n') {
                continue;
            }
            if (i - lineStart <= 1) {
                lineStart = i + 1; // an empty line before a request: allowed, and not a head
                continue;
            }
            inHeaders = true;
            blankLineMatched = 2;
            if (endsWith(in, i + 1, HTTP10)) {
                if (mended == null) {
                    mended = new ByteArrayOutputStream(in.length + MARK.length);
                }
                mended.write(in, copiedUpTo, i - 2 - copiedUpTo);
                mended.write('1');
                mended.write('\r');
                mended.write('\n');
                mended.write(MARK, 0, MARK.length);
                copiedUpTo = i + 1;
            }
            lineStart = i + 1;
        }
        int end = in.length;
        if (!inHeaders && lineStart < in.length) {
            // a request line not finished yet: hold back its tail, where the version will be
            int unfinished = in.length - lineStart;
            int hold = Math.min(TAIL, unfinished);
            end = in.length - hold;
            held = Arrays.copyOfRange(in, end, in.length);
        }
        if (mended == null) {
            return end == in.length ? in : Arrays.copyOf(in, end);
        }
        mended.write(in, copiedUpTo, end - copiedUpTo);
        return mended.toByteArray();
    }

    /** The next state of a search for CR LF CR LF, from {@code matched} bytes of it. */
    private static int next(int matched, byte b) {
        if (b == '\r') {
            return matched == 0 || matched == 2 ? matched + 1 : 1;
        }
        if (b == '\n') {
            return matched == 1 || matched == 3 ? matched + 1 : 0;
        }
        return 0;
    }

    private static boolean endsWith(byte[] in, int end, byte[] suffix) {
        if (end < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (in[end - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
