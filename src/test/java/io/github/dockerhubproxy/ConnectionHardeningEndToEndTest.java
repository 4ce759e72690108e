package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockerhubproxy.support.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Odd clients and floods of connections: every request gets a clear answer, and the listener stays up. */
class ConnectionHardeningEndToEndTest {

    /** Writes {@code request} and reads until the proxy closes the connection (or 10 s pass: "<OPEN>"). */
    private static String exchange(TestProxy proxy, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.app.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readUntilClosed(socket.getInputStream());
        }
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            return out.toString();
        } catch (SocketTimeoutException e) {
            return out + "<OPEN>";
        }
    }

    /** Waits (at most 10 s) for something the proxy does on its own threads, such as noticing closed sockets. */
    private static void awaitCondition(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(end);
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    private static int answers(String output) {
        return output.split("HTTP/1\\.1 ", -1).length - 1;
    }

    @Test
    void http10_isAnswered_andClosedUnlessKeepAliveWasAskedFor() throws IOException {
        try (TestProxy proxy = TestProxy.start()) {
            String plain = exchange(proxy, "GET /health HTTP/1.0\r\n\r\n");
            assertThat(plain).startsWith("HTTP/1.1 200 OK").contains("Connection: close").contains("Content-Length: 16")
                    .endsWith("{\"status\":\"up\"}\n");

            try (Socket socket = new Socket("127.0.0.1", proxy.app.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] first = new byte[4096];
                int n = socket.getInputStream().read(first);
                assertThat(new String(first, 0, n, StandardCharsets.ISO_8859_1)).contains("200 OK").contains("keep-alive");
                socket.getOutputStream().write("GET /users/alice HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                String second = readUntilClosed(socket.getInputStream());
                assertThat(second).startsWith("HTTP/1.1 200 OK").contains("Connection: close").contains("\"username\":\"alice\"");
            }
        }
    }

    @Test
    void connectionClose_isKept_thePipelinedRequestAfterItIsNotServed() throws IOException {
        try (TestProxy proxy = TestProxy.start()) {
            String output = exchange(proxy, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(answers(output)).isEqualTo(1);
            assertThat(output).contains("Connection: close").doesNotContain("<OPEN>");
        }
    }

    @Test
    void aGetWithABadChunkedBody_getsOneAnswer_thenTheConnectionCloses() throws IOException {
        try (TestProxy proxy = TestProxy.start()) {
            String output = exchange(proxy, "GET /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "ZZ\r\nabc\r\n0\r\n\r\n");

            assertThat(answers(output)).isEqualTo(1);
            assertThat(output).startsWith("HTTP/1.1 200 OK").contains("Connection: close").doesNotContain("400")
                    .doesNotContain("<OPEN>");
        }
    }

    @Test
    void controlCharactersInTheMethod_are400_withOneShortLogLineASecond() throws IOException {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger server = Logger.getLogger("io.github.dockerhubproxy.server.ProxyServer");
        Logger helidon = Logger.getLogger("io.helidon.webserver.http1.Http1Connection");
        server.addHandler(capture);
        helidon.addHandler(capture);
        try (TestProxy proxy = TestProxy.start()) {
            for (int i = 0; i < 5; i++) {
                String output = exchange(proxy, "G\u0001T /users/alice HTTP/1.1\r\nHost: x\r\n\r\n");

                assertThat(output).startsWith("HTTP/1.1 400 Bad Request").contains("\"status\":400").doesNotContain("<OPEN>");
            }
        } finally {
            server.removeHandler(capture);
            helidon.removeHandler(capture);
        }
        synchronized (capture) {
            assertThat(records).hasSize(1);
            assertThat(records.getFirst().getThrown()).isNull();
            assertThat(records.getFirst().getMessage()).contains("malformed request");
        }
    }

    @Test
    void aHeadSentSlowly_isCutOffAtTheHeaderTimeout_keptByTheInjectedClock() throws IOException {
        try (TestProxy proxy = TestProxy.start(Map.of("HTTP_HEADER_TIMEOUT", "0.2"));
                Socket socket = new Socket("127.0.0.1", proxy.app.port())) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHo".getBytes(StandardCharsets.ISO_8859_1));
            socket.setSoTimeout(500);
            // Helidon's idle timer looks every 100 ms; on the proxy's clock no time has passed, so the head is not late
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            proxy.time.advance(Duration.ofSeconds(1));

            // closed by the proxy at its next look, long before this 10 s read timeout, without an answer
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(proxy.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anIdleKeptAliveConnection_isClosedAtTheIdleTimeout() throws IOException {
        try (TestProxy proxy = TestProxy.start(Map.of("HTTP_IDLE_TIMEOUT", "0.3"))) {
            String output = exchange(proxy, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(answers(output)).isEqualTo(1);
            assertThat(output).contains("keep-alive").doesNotContain("<OPEN>");
        }
    }

    @Test
    void beyondTheConnectionCap_newConnectionsGet503AndAreClosed_theOthersAreServed() throws IOException {
        try (TestProxy proxy = TestProxy.start(Map.of("HTTP_MAX_CONNECTIONS", "4"))) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket socket = new Socket("127.0.0.1", proxy.app.port());
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(socket.getInputStream().read(new byte[4096])).isPositive();
                    held.add(socket);
                }

                String refused = exchange(proxy, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");

                assertThat(refused).startsWith("HTTP/1.1 503").contains("Retry-After: 1").contains("too many connections")
                        .doesNotContain("<OPEN>");
                // the metrics say so too (read over one of the held connections)
                Socket one = held.getFirst();
                one.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                String metrics = readUntilClosed(one.getInputStream());
                assertThat(metrics).contains("dockerhub_proxy_connections_max 4.0").contains("dockerhub_proxy_connections_open 4.0")
                        .containsPattern("dockerhub_proxy_connections_refused_total [1-9]");
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
            // once the proxy has seen the held ones go, new connections are served again
            awaitCondition(() -> proxy.app.openConnections() == 0);
            assertThat(answers(exchange(proxy, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))).isEqualTo(1);
        }
    }
}
