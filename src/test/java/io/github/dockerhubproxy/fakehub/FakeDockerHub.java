package io.github.dockerhubproxy.fakehub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An emulated Docker Hub on a real socket, for tests and benchmarks: the legacy {@code /v2/...} routes with
 * Docker Hub's field names, DRF-style pagination ({@code page}, {@code page_size} capped at 100, absolute
 * {@code next}/{@code previous}, 404 past the last page), login, Docker Hub's error bodies and
 * {@code X-RateLimit-*} headers. It counts what it is asked, and can be told to be slow, fail, hang or demand
 * credentials.
 */
public final class FakeDockerHub implements AutoCloseable {
    /** The username, password and personal access token logins accept. */
    public static final String USERNAME = "alice";
    public static final String PASSWORD = "s3cret";
    public static final String PAT = "dckr_pat_alice0123456789";
    /** The organisation access token of {@code bigorg}. */
    public static final String OAT = "dckr_oat_bigorg0123456789";

    private static final Pattern REPO = Pattern.compile("/v2/repositories/([^/]+)/([^/]+)/?(.*)");
    private static final Pattern NAMESPACE_LIST = Pattern.compile("/v2/namespaces/([^/]+)/repositories/?");
    private static final Pattern NAMESPACE_REPO = Pattern.compile("/v2/namespaces/([^/]+)/repositories/([^/]+)(/.*)?");
    private static final Pattern TAG = Pattern.compile("tags/([^/]+)(/images)?/?");
    private static final List<String> ORDERINGS = List.of("name", "-name", "last_updated", "-last_updated",
            "pull_count", "-pull_count");
    private static final Pattern LIST = Pattern.compile("/v2/repositories/([^/]+)/?");
    private static final Pattern USER = Pattern.compile("/v2/users/([^/]+)/?");
    private static final int RATE_LIMIT = 180;
    private volatile int rateLimit = RATE_LIMIT;
    /** A scripted "status" meaning: close the connection without answering. */
    private static final int DROP = -1;
    /** A scripted "status" meaning: answer 401 quoting what the request sent (its Authorization header and body). */
    private static final int ECHO = -2;

    /** One request as the emulator saw it. */
    public record Recorded(String method, String path, String query, String authorization) {
        /** Path and query, as sent. */
        public String target() {
            return query.isEmpty() ? path : path + "?" + query;
        }
    }

    /** A scripted answer for requests whose path and query start with a prefix. */
    private record Scripted(String prefix, int status, String contentType, String body, AtomicInteger remaining,
            Map<String, String> headers) {}

    private final FakeData data = new FakeData();
    /** Filtered or ordered listings, made once per path and query: Docker Hub sorts in its database, not per page. */
    private final Map<String, FakeData.Listing> queried = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Recorded> recorded = new ConcurrentLinkedQueue<>();
    private final List<Scripted> scripts = new CopyOnWriteArrayList<>();
    private final FakeAuth auth = new FakeAuth();
    private final AtomicInteger remaining = new AtomicInteger(RATE_LIMIT);
    private volatile Clock resetClock = Clock.systemUTC();
    private long windowStart = Clock.systemUTC().instant().getEpochSecond();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Duration latency = Duration.ZERO;
    private volatile double errorRate;
    private volatile long throttleEveryMillis;
    private volatile long throttleForMillis;
    private final long startedMillis = System.currentTimeMillis();
    private volatile boolean requireAuth;
    private volatile boolean namespacesRoutes = true;
    private volatile boolean authTokenRoute = true;
    private volatile String hangPrefix;
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private final WebServer server;

    private FakeDockerHub(int port) {
        server = WebServer.builder().host("127.0.0.1").port(port).shutdownHook(false)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .routing(r -> r.any(this::handle)).build().start();
    }

    /** Starts an emulator on a free port. */
    public static FakeDockerHub start() {
        return new FakeDockerHub(0);
    }

    /** Runs an emulator on its own (benchmarks, README examples): {@code FakeDockerHub [port] [latency-ms]}. */
    public static void main(String[] args) {
        FakeDockerHub hub = new FakeDockerHub(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        if (args.length > 1) {
            hub.latency(Duration.ofMillis(Long.parseLong(args[1])));
        }
        System.out.println("fake Docker Hub listening on " + hub.url());
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    // ---- what it was asked

    /** Every request received, in order. */
    public List<Recorded> requests() {
        return List.copyOf(recorded);
    }

    /** Requests received so far. */
    public int count() {
        return recorded.size();
    }

    /** Waits (at most 30 s) until a request starting with {@code prefix} has arrived; false if none did. */
    public boolean awaitRequest(String prefix) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (recorded) {
            while (count(prefix) == 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(recorded, left);
            }
        }
        return true;
    }

    /** Requests whose path and query start with {@code prefix}. */
    public int count(String prefix) {
        return (int) recorded.stream().filter(r -> r.target().startsWith(prefix)).count();
    }

    /** The most requests it was answering at the same moment. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** Logins received, on either route. */
    public int logins() {
        return count("/v2/users/login/") + count("/v2/auth/token");
    }

    /** Tokens handed out so far, in order. */
    public List<String> issuedTokens() {
        return auth.issued();
    }

    // ---- switches

    /** Announce this rate limit (per minute) in {@code X-RateLimit-*}, with all of it remaining. */
    public FakeDockerHub rateLimit(int limit) {
        rateLimit = limit;
        remaining.set(limit);
        return this;
    }

    /** The clock its one-minute rate-limit windows follow (the proxy's, in tests with fake time). */
    public synchronized FakeDockerHub resetClock(Clock clock) {
        resetClock = clock;
        windowStart = clock.instant().getEpochSecond();
        return this;
    }

    /** The current window's reset (epoch seconds), starting a new window with the whole limit when one has passed. */
    private synchronized long window() {
        long now = resetClock.instant().getEpochSecond();
        if (now >= windowStart + 60) {
            windowStart = now;
            remaining.set(rateLimit);
        }
        return windowStart + 60;
    }

    /** Delay every answer by {@code latency}. */
    public FakeDockerHub latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Answer the next {@code times} requests starting with {@code prefix} with {@code status} and Docker Hub's body for it. */
    public FakeDockerHub fail(String prefix, int status, int times) {
        Map<String, String> headers = status == 429 ? Map.of("Retry-After", "30") : Map.of();
        return script(prefix, status, "application/json", errorBody(status), times, headers);
    }

    /** Answer requests starting with {@code prefix} with this exact answer, {@code times} times (-1: always). */
    public FakeDockerHub script(String prefix, int status, String contentType, String body, int times) {
        return script(prefix, status, contentType, body, times, Map.of());
    }

    /** The same, with extra response headers. */
    public FakeDockerHub script(String prefix, int status, String contentType, String body, int times,
            Map<String, String> headers) {
        scripts.add(new Scripted(prefix, status, contentType, body, new AtomicInteger(times), Map.copyOf(headers)));
        return this;
    }

    /** Close the connection without an answer for the next {@code times} requests starting with {@code prefix}. */
    public FakeDockerHub drop(String prefix, int times) {
        return script(prefix, DROP, "", "", times);
    }

    /**
     * Answer the next {@code times} requests starting with {@code prefix} with a 401 whose message quotes the
     * request's {@code Authorization} header and body, as a careless server's error page might.
     */
    public FakeDockerHub echo(String prefix, int times) {
        return script(prefix, ECHO, "", "", times);
    }

    /** Forgets the requests it was asked so far (as {@code /_fake/reset} does). */
    public void forget() {
        synchronized (recorded) {
            recorded.clear();
        }
    }

    /** Never answer requests starting with {@code prefix} until {@link #release()}. */
    public FakeDockerHub hang(String prefix) {
        hang = new CountDownLatch(1);
        hangPrefix = prefix;
        return this;
    }

    /** Lets hung requests finish. */
    public void release() {
        hang.countDown();
    }

    /** Demand a valid token on every GET. */
    public FakeDockerHub requireAuth(boolean required) {
        this.requireAuth = required;
        return this;
    }

    /** Make password logins answer as for an account with two-factor authentication. */
    public FakeDockerHub twoFactor(boolean enabled) {
        auth.twoFactor = enabled;
        return this;
    }

    /** Accept {@code token} as alice's bearer token. */
    public FakeDockerHub acceptToken(String token) {
        auth.accept(token, USERNAME);
        return this;
    }

    /** Invalidate every token handed out so far (they answer 401 from now on). */
    public void expireTokens() {
        auth.expireAll();
    }

    /** The clock that stamps {@code iat} and {@code exp} on access tokens. */
    public FakeDockerHub clock(Clock clock) {
        auth.clock = clock;
        return this;
    }

    /** How long access tokens from {@code /v2/auth/token} live (10 minutes by default). */
    public FakeDockerHub tokenLifetime(Duration lifetime) {
        auth.lifetime = lifetime;
        return this;
    }

    /** Answer the {@code /v2/namespaces/...} routes (true) or 404 them, as Docker Hub before 2025 did. */
    public FakeDockerHub namespacesRoutes(boolean available) {
        this.namespacesRoutes = available;
        return this;
    }

    /** Answer {@code /v2/auth/token} (true) or 404 it. */
    public FakeDockerHub authTokenRoute(boolean available) {
        this.authTokenRoute = available;
        return this;
    }

    /** Pushes a tag (at the head of the list, newest first), as a build would; {@code lastUpdated} is ISO-8601. */
    public FakeDockerHub pushTag(String repository, String tag, String digest, String lastUpdated, String... architectures) {
        String[] parts = repository.split("/");
        data.push(parts[0], parts[1], tag, digest, lastUpdated, List.of(architectures));
        queried.clear();
        return this;
    }

    /** Deletes a tag. */
    public FakeDockerHub deleteTag(String repository, String tag) {
        String[] parts = repository.split("/");
        data.delete(parts[0], parts[1], tag);
        queried.clear();
        return this;
    }

    /** Sets a repository's full description (its README, Markdown). */
    public FakeDockerHub fullDescription(String repository, String markdown) {
        String[] parts = repository.split("/");
        data.description(parts[0], parts[1], markdown);
        return this;
    }

    /** Sets a repository's pull count. */
    public FakeDockerHub pullCount(String repository, long count) {
        String[] parts = repository.split("/");
        data.pulls(parts[0], parts[1], count);
        return this;
    }

    @Override
    public void close() {
        release();
        if (server.isRunning()) {
            server.stop();
        }
    }

    // ---- serving

    private void handle(ServerRequest req, ServerResponse res) {
        if (req.path().rawPath().startsWith("/_fake/")) {
            admin(req, res);
            return;
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            answer(req, res);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * {@code /_fake/stats}: what it was asked; {@code /_fake/reset}: forget it; {@code /_fake/ratelimit?limit=N}: announce
     * N requests a minute; {@code /_fake/chaos?error_rate=0.2&
     * throttle_every=30&throttle_for=2}: answer that share of requests 500, and every {@code throttle_every} seconds
     * answer 429 for {@code throttle_for} seconds (for benchmarks).
     */
    private void admin(ServerRequest req, ServerResponse res) {
        if (req.path().rawPath().equals("/_fake/reset")) {
            recorded.clear();
            maxInFlight.set(0);
        }
        if (req.path().rawPath().equals("/_fake/ratelimit")) {
            rateLimit(Integer.parseInt(req.query().first("limit").orElse(Integer.toString(RATE_LIMIT))));
        }
        if (req.path().rawPath().equals("/_fake/chaos")) {
            errorRate = Double.parseDouble(req.query().first("error_rate").orElse("0"));
            throttleEveryMillis = (long) (1000 * Double.parseDouble(req.query().first("throttle_every").orElse("0")));
            throttleForMillis = (long) (1000 * Double.parseDouble(req.query().first("throttle_for").orElse("0")));
        }
        send(res, 200, "application/json", "{\"requests\":" + count() + ",\"max_in_flight\":" + maxInFlight() + "}");
    }

    private void answer(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        String query = req.query().rawValue();
        String authorization = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        Recorded request = new Recorded(req.prologue().method().text(), path, query, authorization);
        synchronized (recorded) {
            recorded.add(request);
            recorded.notifyAll();
        }
        if (!latency.isZero()) {
            LockSupport.parkNanos(latency.toNanos());
        }
        String prefix = hangPrefix;
        if (prefix != null && request.target().startsWith(prefix)) {
            try {
                hang.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long reset = window();
        res.header("X-RateLimit-Limit", Integer.toString(rateLimit));
        res.header("X-RateLimit-Remaining", Integer.toString(Math.max(0, remaining.decrementAndGet())));
        res.header("X-RateLimit-Reset", Long.toString(reset));
        if (throttleEveryMillis > 0 && (System.currentTimeMillis() - startedMillis) % throttleEveryMillis < throttleForMillis) {
            res.header("Retry-After", Long.toString(Math.max(1, throttleForMillis / 1000)));
            send(res, 429, "application/json", errorBody(429));
            return;
        }
        if (errorRate > 0 && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < errorRate) {
            send(res, 500, "application/json", errorBody(500));
            return;
        }
        for (Scripted script : scripts) {
            if (request.target().startsWith(script.prefix()) && script.remaining().getAndDecrement() != 0) {
                if (script.status() == DROP) {
                    throw new CloseConnectionException("dropped by the test");
                }
                if (script.status() == ECHO) {
                    String sent = req.prologue().method() == Method.POST ? req.content().as(String.class) : "";
                    send(res, 401, "application/json", FakeData.JSON.createObjectNode()
                            .put("detail", "Invalid request: Authorization: " + authorization + " body: " + sent).toString());
                    return;
                }
                script.headers().forEach(res::header);
                send(res, script.status(), script.contentType(), script.body());
                return;
            }
        }
        if (req.prologue().method() == Method.POST && (path.equals("/v2/users/login/") || path.equals("/v2/auth/token"))) {
            login(req, res, path);
            return;
        }
        if (req.prologue().method() != Method.GET && req.prologue().method() != Method.HEAD) {
            send(res, 405, "application/json", "{\"detail\":\"Method \\\"" + request.method() + "\\\" not allowed.\"}");
            return;
        }
        String viewer = auth.identity(authorization);
        if (authorization != null && viewer == null) {
            send(res, 401, "application/json", "{\"detail\":\"Invalid token.\"}");
            return;
        }
        if (requireAuth && authorization == null) {
            send(res, 401, "application/json", "{\"detail\":\"Authentication credentials were not provided.\"}");
            return;
        }
        get(req, res, path, viewer);
    }

    private void get(ServerRequest req, ServerResponse res, String path, String viewer) {
        Matcher m;
        if ((m = USER.matcher(path)).matches()) {
            json(res, data.user(m.group(1)), "{\"detail\":\"Object not found\"}");
        } else if ((m = NAMESPACE_LIST.matcher(path)).matches() && namespacesRoutes) {
            page(req, res, data.repositories(m.group(1), viewer));
        } else if ((m = NAMESPACE_REPO.matcher(path)).matches() && namespacesRoutes) {
            repository(req, res, m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3).substring(1), viewer);
        } else if ((m = LIST.matcher(path)).matches()) {
            page(req, res, data.repositories(m.group(1), viewer));
        } else if ((m = REPO.matcher(path)).matches()) {
            repository(req, res, m.group(1), m.group(2), m.group(3).replaceAll("/$", ""), viewer);
        } else {
            send(res, 404, "application/json", "{\"message\":\"404: Page Not Found\"}");
        }
    }

    private void repository(ServerRequest req, ServerResponse res, String namespace, String name, String rest, String viewer) {
        if (!data.hasRepository(namespace, name, viewer)) {
            send(res, 404, "application/json", "{\"message\":\"object not found\",\"errinfo\":{}}");
            return;
        }
        String notFound = "{\"detail\":\"Object not found\"}";
        String pageNotFound = "{\"message\":\"404: Page Not Found\"}";
        Matcher tag = TAG.matcher(rest);
        if (tag.matches()) {
            String tagNotFound = "{\"message\":\"httperror 404: tag '" + tag.group(1) + "' not found\",\"errinfo\":{\"namespace\":\""
                    + namespace + "\",\"repository\":\"" + name + "\",\"tag\":\"" + tag.group(1) + "\"}}";
            if (tag.group(2) == null) {
                json(res, data.tag(namespace, name, tag.group(1)), tagNotFound);
            } else {
                json(res, data.tagImages(namespace, name, tag.group(1)), tagNotFound);
            }
            return;
        }
        switch (rest) {
            case "" -> json(res, data.repository(namespace, name), notFound);
            case "tags" -> page(req, res, data.tags(namespace, name));
            case "comments" -> page(req, res, data.comments(namespace, name), pageNotFound);
            case "buildhistory" -> page(req, res, data.builds(namespace, name), pageNotFound);
            case "dockerfile" -> json(res, data.dockerfile(namespace, name), notFound);
            case "autobuild" -> json(res, data.autobuild(namespace, name), notFound);
            default -> {
                if (rest.startsWith("buildhistory/")) {
                    json(res, data.build(namespace, name, rest.substring("buildhistory/".length())), pageNotFound);
                } else {
                    send(res, 404, "application/json", pageNotFound);
                }
            }
        }
    }

    private void page(ServerRequest req, ServerResponse res, FakeData.Listing listing) {
        page(req, res, listing, "{\"message\":\"object not found\",\"errinfo\":{}}");
    }

    private void page(ServerRequest req, ServerResponse res, FakeData.Listing all, String notFound) {
        if (all == null) {
            send(res, 404, "application/json", notFound);
            return;
        }
        String ordering = req.query().first("ordering").orElse(null);
        if (ordering != null && !ORDERINGS.contains(ordering)) {
            send(res, 400, "application/json", "{\"fields\":{\"ordering\":[\"Invalid ordering value.\"]},"
                    + "\"text\":\"Invalid ordering value\"}");
            return;
        }
        String name = req.query().first("name").orElse(null);
        FakeData.Listing listing = name == null && ordering == null ? all
                : queried.computeIfAbsent(req.path().rawPath() + "?" + name + "&" + ordering, k -> all.query(name, ordering));
        int size = Math.min(100, Math.max(1, intParam(req, "page_size", 10)));
        int page = intParam(req, "page", 1);
        int from = (page - 1) * size;
        if (page < 1 || (page > 1 && from >= listing.size())) {
            send(res, 404, "application/json", "{\"detail\":\"Invalid page.\"}");
            return;
        }
        String base = "http://" + req.headers().first(HeaderNames.HOST).orElse("127.0.0.1") + req.path().rawPath();
        ObjectNode body = FakeData.JSON.createObjectNode().put("count", listing.size());
        int to = Math.min(listing.size(), from + size);
        body.put("next", to < listing.size() ? base + "?page=" + (page + 1) + "&page_size=" + size : null);
        body.put("previous", page > 1 ? base + "?page=" + (page - 1) + "&page_size=" + size : null);
        ArrayNode results = body.putArray("results");
        for (int i = from; i < to; i++) {
            results.add(listing.item().apply(i));
        }
        json(res, body, null);
    }

    private void login(ServerRequest req, ServerResponse res, String path) {
        if (path.equals("/v2/auth/token") && !authTokenRoute) {
            send(res, 404, "application/json", "{\"message\":\"404: Page Not Found\"}");
            return;
        }
        JsonNode body;
        try {
            body = FakeData.JSON.readTree(req.content().as(byte[].class));
        } catch (IOException e) {
            send(res, 400, "application/json", "{\"detail\":\"JSON parse error\"}");
            return;
        }
        FakeAuth.Outcome outcome = path.equals("/v2/auth/token") ? auth.token(body) : auth.login(body);
        send(res, outcome.status(), "application/json", outcome.body());
    }

    private static int intParam(ServerRequest req, String name, int fallback) {
        try {
            return req.query().first(name).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void json(ServerResponse res, JsonNode body, String notFoundBody) {
        if (body == null) {
            send(res, 404, "application/json", notFoundBody);
            return;
        }
        send(res, 200, "application/json", body.toString());
    }

    private static void send(ServerResponse res, int status, String contentType, String body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String errorBody(int status) {
        return switch (status) {
            case 404 -> "{\"message\":\"object not found\",\"errinfo\":{}}";
            case 429 -> "{\"detail\": \"Rate limit exceeded\", \"error\": false}";
            case 401 -> "{\"detail\":\"Authentication credentials were not provided.\"}";
            default -> "{\"detail\":\"Server error " + status + "\"}";
        };
    }

}
