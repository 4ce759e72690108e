package io.github.dockerhubproxy.support;

import io.github.dockerhubproxy.App;
import io.github.dockerhubproxy.Config;
import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.server.AccessLog;
import io.github.dockerhubproxy.upstream.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An emulated Docker Hub and a proxy in front of it, both on free ports, with time under the test's control. */
public final class TestProxy implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final FakeDockerHub hub;
    public final FakeTime time = new FakeTime();
    /** Every wait the proxy asked for (retry backoffs, rate-limit waits); nothing really waits. */
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    /** What the access log wrote. */
    public final ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
    public final App app;

    private final boolean ownsHub;

    private TestProxy(FakeDockerHub hub, Map<String, String> env, boolean ownsHub) {
        this(hub, env, ownsHub, false);
    }

    private TestProxy(FakeDockerHub hub, Map<String, String> env, boolean ownsHub, boolean waitsPassTime) {
        this.hub = hub;
        this.ownsHub = ownsHub;
        Map<String, String> all = new HashMap<>();
        all.put("HTTP_PORT", "0");
        all.put("DOCKERHUB_API_URL", hub.url());
        all.put("SECRETS_FILE", "");
        all.putAll(env);
        Config config = Config.fromEnvironment(all);
        Sleeper sleeper = waitsPassTime ? wait -> {
            sleeps.add(wait);
            time.advance(wait);
        } : sleeps::add;
        this.app = App.start(config, new App.Timing(time, time, sleeper, Runnable::run, () -> 0.5),
                config.accessLog() ? AccessLog.to(accessLog, time) : AccessLog.off());
    }

    /**
     * A proxy whose waits (the watch list spreading its repositories across the interval, rate-limit waits) move the
     * test clock on by as much, at once: for benchmarks that need time to pass as it would, without waiting for it.
     */
    public static TestProxy startWithWaitsPassingTime(Map<String, String> env) {
        return new TestProxy(FakeDockerHub.start(), env, true, true);
    }

    /** A proxy with the default configuration plus {@code env}. */
    public static TestProxy start(Map<String, String> env) {
        return new TestProxy(FakeDockerHub.start(), env, true);
    }

    /** A proxy whose registry (and its token service) is {@code registry}. */
    public static TestProxy start(io.github.dockerhubproxy.fakehub.FakeRegistry registry) {
        return start(Map.of("DOCKERHUB_REGISTRY_URL", registry.url(), "DOCKERHUB_REGISTRY_AUTH_URL", registry.authUrl()));
    }

    /** A proxy in front of an emulator that other proxies share (closing the proxy leaves it running). */
    public static TestProxy start(FakeDockerHub hub, Map<String, String> env) {
        return new TestProxy(hub, env, false);
    }

    public static TestProxy start() {
        return start(Map.of());
    }

    /** The proxy's base URL. */
    public String url() {
        return "http://127.0.0.1:" + app.port();
    }

    /** GET {@code path} with optional header name/value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, headers);
    }

    /** GET {@code path}, the body as bytes (not decoded, not decompressed). */
    public HttpResponse<byte[]> getBytes(String path, String... headers) {
        return exchange("GET", path, HttpResponse.BodyHandlers.ofByteArray(), headers);
    }

    /** Any method on {@code path}. */
    public HttpResponse<String> send(String method, String path, String... headers) {
        return exchange(method, path, HttpResponse.BodyHandlers.ofString(), headers);
    }

    private <T> HttpResponse<T> exchange(String method, String path, HttpResponse.BodyHandler<T> handler, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(request.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code request} as it is over a plain socket and returns the proxy's answer: head and body. */
    public String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    return head.toString();
                }
                head.append((char) c);
            }
            Matcher length = Pattern.compile("(?i)content-length: *([0-9]+)").matcher(head);
            int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
            return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code path} from {@code clients} clients at once, spread over {@code proxies}, while Docker Hub holds every
     * request starting with {@code held}; it lets them go only once every client request has reached a proxy (and
     * the first held request has reached Docker Hub), so the requests overlap by construction, not by luck.
     */
    public static List<HttpResponse<String>> whileHeld(FakeDockerHub hub, String held, List<TestProxy> proxies, int clients,
            String path) throws Exception {
        long before = started(proxies);
        hub.hang(held);
        List<java.util.concurrent.Future<HttpResponse<String>>> futures = new java.util.ArrayList<>();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                TestProxy proxy = proxies.get(i % proxies.size());
                futures.add(pool.submit(() -> proxy.get(path)));
            }
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (started(proxies) < before + clients && System.nanoTime() < end) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            if (started(proxies) < before + clients || !hub.awaitRequest(held)) {
                hub.release();
                throw new AssertionError("the clients did not all reach the proxy, or nothing reached Docker Hub");
            }
            hub.release();
        }
        List<HttpResponse<String>> answers = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<HttpResponse<String>> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }

    private static long started(List<TestProxy> proxies) {
        return proxies.stream().mapToLong(p -> p.app.requestsStarted()).sum();
    }

    @Override
    public void close() {
        app.close();
        if (ownsHub) {
            hub.close();
        }
    }
}
