package io.github.dockerhubproxy.fakehub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An emulated Docker registry (registry-1.docker.io) with its token service (auth.docker.io) and a blob CDN, each
 * on its own port (so each is its own origin), behaving as the real ones do: a {@code 401} challenge naming the
 * realm, service and scope; bearer tokens per repository scope, anonymous or for Basic credentials; manifests by
 * tag or digest with {@code Docker-Content-Digest}; {@code ratelimit-*} headers on anonymous manifest requests;
 * blobs answered with a redirect to the CDN. It records every request, and can be told to corrupt an object or to
 * name a foreign realm in its challenges.
 */
public final class FakeRegistry implements AutoCloseable {
    /** The credentials the token service accepts (Basic): the Docker Hub emulator's user and access token. */
    public static final String USERNAME = FakeDockerHub.USERNAME;
    public static final String SECRET = FakeDockerHub.PAT;
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");

    /** One request as a server saw it. */
    public record Seen(String server, String method, String path, String authorization) {}

    public final FakeImages images = FakeImages.standard();
    private final HttpServer registry;
    private final HttpServer auth;
    private final HttpServer cdn;
    private final HttpServer foreign;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** token -> scope it grants. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Set<String> corrupted = ConcurrentHashMap.newKeySet();
    private volatile boolean foreignRealm;
    private volatile boolean rateLimitHeaders = true;
    private volatile int remaining = 100;
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int failureStatus;

    private FakeRegistry() throws IOException {
        registry = server("registry");
        auth = server("auth");
        cdn = server("cdn");
        foreign = server("foreign");
        registry.createContext("/", this::registry);
        auth.createContext("/", exchange -> token(exchange, "auth"));
        foreign.createContext("/", exchange -> token(exchange, "foreign"));
        cdn.createContext("/", this::cdn);
        for (HttpServer s : List.of(registry, auth, cdn, foreign)) {
            s.start();
        }
    }

    /** Runs an emulated registry for benchmarks until the process is stopped; prints its two base URLs. */
    public static void main(String[] args) {
        FakeRegistry registry = start();
        System.out.println("registry " + registry.url() + " auth " + registry.authUrl());
    }

    /** Starts the four servers on free loopback ports. */
    public static FakeRegistry start() {
        try {
            return new FakeRegistry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer server(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The registry's base URL (DOCKERHUB_REGISTRY_URL). */
    public String url() {
        return url(registry);
    }

    /** The token service's base URL (DOCKERHUB_REGISTRY_AUTH_URL). */
    public String authUrl() {
        return url(auth);
    }

    /** From now on the registry's challenges name a realm on another origin. */
    public FakeRegistry foreignRealm(boolean on) {
        foreignRealm = on;
        return this;
    }

    /** Whether manifest answers carry {@code ratelimit-*} headers (the real registry omits them when unlimited). */
    public FakeRegistry rateLimitHeaders(boolean on) {
        rateLimitHeaders = on;
        return this;
    }

    /** The object with this digest is served with one byte changed. */
    public FakeRegistry corrupt(String digest) {
        corrupted.add(digest);
        return this;
    }

    /** The next {@code count} authorized registry requests are answered {@code status} (a 503, say). */
    public FakeRegistry failNext(int count, int status) {
        failureStatus = status;
        failures.set(count);
        return this;
    }

    /** Every request seen so far, by every server. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Requests seen by one server ("registry", "auth", "cdn", "foreign") with this method (null: any). */
    public long count(String server, String method) {
        return seen.stream().filter(s -> s.server().equals(server) && (method == null || s.method().equals(method))).count();
    }

    /** Manifest requests with this method for a reference (tag or digest) of a repository. */
    public long manifestRequests(String method, String repository, String reference) {
        String path = "/v2/" + repository + "/manifests/" + reference;
        return seen.stream().filter(s -> s.server().equals("registry") && s.method().equals(method) && s.path().equals(path)).count();
    }

    private void record(String server, HttpExchange exchange) {
        seen.add(new Seen(server, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization")));
    }

    private void registry(HttpExchange exchange) throws IOException {
        record("registry", exchange);
        String path = exchange.getRequestURI().getPath();
        Matcher manifest = MANIFEST.matcher(path);
        Matcher blob = BLOB.matcher(path);
        String repository = manifest.matches() ? manifest.group(1) : blob.matches() ? blob.group(1) : "";
        String scope = "repository:" + repository + ":pull";
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        if (path.equals("/v2/") || token == null || !scope.equals(tokens.get(token))) {
            String realm = (foreignRealm ? url(foreign) : url(auth)) + "/token";
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"registry.docker.io\""
                    + (repository.isEmpty() ? "" : ",scope=\"" + scope + "\""));
            json(exchange, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}");
            return;
        }
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            json(exchange, failureStatus, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"service unavailable\"}]}");
            return;
        }
        if (manifest.matches()) {
            String reference = manifest.group(2);
            String digest = reference.startsWith("sha256:") ? reference : images.tagDigest(repository, reference);
            FakeImages.Stored stored = digest == null ? null : images.get(digest);
            if (stored == null) {
                json(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":\"unknown tag=" + reference + "\"}]}");
                return;
            }
            String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
            if (!accept.contains(stored.mediaType())) {
                // what the real registry does when a client does not accept an index (or an OCI manifest)
                json(exchange, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"OCI index found, but accept header "
                        + "does not support OCI indexes\",\"detail\":null}]}");
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", stored.mediaType());
            exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
            if (rateLimitHeaders) {
                int left = exchange.getRequestMethod().equals("GET") ? --remaining : remaining;
                exchange.getResponseHeaders().add("ratelimit-limit", "100;w=21600");
                exchange.getResponseHeaders().add("ratelimit-remaining", left + ";w=21600");
                exchange.getResponseHeaders().add("docker-ratelimit-source", "203.0.113.7");
            }
            send(exchange, 200, body(digest, stored));
            return;
        }
        if (blob.matches()) {
            if (images.get(blob.group(2)) == null) {
                json(exchange, 404, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\",\"detail\":null}]}");
                return;
            }
            exchange.getResponseHeaders().add("Location", url(cdn) + "/registry-v2/blobs/" + blob.group(2) + "/data?sig=" + UUID.randomUUID());
            send(exchange, 307, new byte[0]);
            return;
        }
        json(exchange, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"not found\",\"detail\":null}]}");
    }

    private byte[] body(String digest, FakeImages.Stored stored) {
        byte[] bytes = stored.bytes().clone();
        if (corrupted.contains(digest)) {
            bytes[bytes.length / 2] ^= 1;
        }
        return bytes;
    }

    private void cdn(HttpExchange exchange) throws IOException {
        record("cdn", exchange);
        Matcher m = Pattern.compile("/registry-v2/blobs/(sha256:[0-9a-f]{64})/data").matcher(exchange.getRequestURI().getPath());
        FakeImages.Stored stored = m.matches() ? images.get(m.group(1)) : null;
        if (stored == null) {
            send(exchange, 404, new byte[0]);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        send(exchange, 200, body(m.group(1), stored));
    }

    private void token(HttpExchange exchange, String server) throws IOException {
        record(server, exchange);
        Map<String, String> query = query(exchange.getRequestURI());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((USERNAME + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
            if (!authorization.equals(expected)) {
                json(exchange, 401, "{\"details\":\"incorrect username or password\"}");
                return;
            }
        }
        String token = "tok-" + UUID.randomUUID();
        tokens.put(token, query.getOrDefault("scope", ""));
        json(exchange, 200, "{\"token\":\"" + token + "\",\"access_token\":\"" + token + "\",\"expires_in\":300,"
                + "\"issued_at\":\"2026-12-01T10:00:00Z\"}");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new java.util.HashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (head) {
            exchange.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
        }
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        for (HttpServer s : List.of(registry, auth, cdn, foreign)) {
            s.stop(0);
        }
    }
}
