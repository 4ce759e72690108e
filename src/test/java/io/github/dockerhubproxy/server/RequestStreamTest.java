package io.github.dockerhubproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestStreamTest {
    private final AtomicLong now = new AtomicLong(1_000);

    /** Feeds {@code input} in pieces of {@code piece} bytes and returns all that comes out. */
    private String through(String input, int piece) {
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        Deque<byte[]> chunks = new ArrayDeque<>();
        for (int i = 0; i < bytes.length; i += piece) {
            chunks.add(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + piece)));
        }
        RequestStream stream = new RequestStream(chunks::poll, now::get);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] got;
        while ((got = stream.get()) != null) {
            out.writeBytes(got);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void http11_passesUntouched_theSameArray() {
        byte[] request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        RequestStream stream = new RequestStream(new ArrayDeque<>(java.util.List.of(request))::poll, now::get);

        assertThat(stream.get()).isSameAs(request);
    }

    @Test
    void http10_becomes11_markedAsWhatItWas_howeverTheBytesArrive() {
        String expected = "GET /health HTTP/1.1\r\nX-Proxy-Request-Version: 1.0\r\nHost: x\r\n\r\n";
        for (int piece = 1; piece <= 40; piece++) {
            assertThat(through("GET /health HTTP/1.0\r\nHost: x\r\n\r\n", piece)).as("pieces of " + piece).isEqualTo(expected);
        }
    }

    @Test
    void pipelinedRequests_eachMended_headersAndBodiesLeftAlone() {
        String in = "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.1\r\nX: HTTP/1.0\r\n\r\n"
                + "\r\nGET /c HTTP/1.0\r\n\r\n";
        String out = "GET /a HTTP/1.1\r\nX-Proxy-Request-Version: 1.0\r\nConnection: keep-alive\r\n\r\n"
                + "GET /b HTTP/1.1\r\nX: HTTP/1.0\r\n\r\n"
                + "\r\nGET /c HTTP/1.1\r\nX-Proxy-Request-Version: 1.0\r\n\r\n";

        assertThat(through(in, 1000)).isEqualTo(out);
        assertThat(through(in, 3)).isEqualTo(out);
    }

    @Test
    void aHeadBeingRead_isTimedFromItsFirstByte_untilItsBlankLine() {
        Deque<byte[]> chunks = new ArrayDeque<>();
        RequestStream stream = new RequestStream(chunks::poll, now::get);
        assertThat(stream.headStartedNanos()).isZero();

        chunks.add("GET /health HT".getBytes(StandardCharsets.US_ASCII));
        stream.get();
        assertThat(stream.headStartedNanos()).isEqualTo(1_000);

        now.set(5_000);
        chunks.add("TP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        stream.get();
        assertThat(stream.headStartedNanos()).isEqualTo(1_000);

        chunks.add("\r\n".getBytes(StandardCharsets.US_ASCII));
        stream.get();
        assertThat(stream.headStartedNanos()).isZero();
    }
}
