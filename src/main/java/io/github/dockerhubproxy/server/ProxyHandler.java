package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.Entry;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers every request: CORS, routing, validation, then the cached (or freshly fetched) answer; errors become
 * JSON here and nowhere else. Every request is counted in the metrics and written to the access log.
 */
final class ProxyHandler implements Handler {
    private static final Logger LOG = Logger.getLogger(ProxyHandler.class.getName());
    private final FailureLog failures = new FailureLog(LOG);
    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final String UNMATCHED = "unmatched";
    private static final Header VARY_ORIGIN = HeaderValues.createCached(HeaderNames.VARY, "Origin");
    private static final Header CONNECTION_CLOSE = HeaderValues.CONNECTION_CLOSE;
    private static final HeaderName HTTP10 = HeaderNames.create(RequestStream.HTTP10_HEADER);

    /** What to answer: the route label, and either an answer made here or what the cache knows. */
    private record Reply(String route, Made made, ResponseCache.Lookup lookup, Badges.Answer.Rendered badge) {
        Reply(String route, Made made) {
            this(route, made, null, null);
        }
    }

    private final Routes routes;
    private final ResponseCache cache;
    private final Badges badges;
    private final LocalRoutes local;
    private final Cors cors;
    private final Metrics metrics;
    private final AccessLog accessLog;
    private final Clock clock;
    private final InFlight inFlight;
    private final BooleanSupplier stopping;
    private final WatchRoutes watch;
    private final UiFiles ui = UiFiles.load();

    ProxyHandler(Routes routes, ResponseCache cache, LocalRoutes local, CorsPolicy cors, Metrics metrics,
            AccessLog accessLog, Clock clock, InFlight inFlight, BooleanSupplier stopping, WatchRoutes watch) {
        this.watch = watch;
        this.inFlight = inFlight;
        this.stopping = stopping;
        this.routes = routes;
        this.cache = cache;
        this.badges = new Badges(cache, clock);
        this.local = local;
        this.cors = new Cors(cors);
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        boolean close = closeAfter(req);
        if (close) {
            res.header(CONNECTION_CLOSE);
        }
        inFlight.enter();
        try {
            answer(req, res);
        } finally {
            inFlight.exit();
        }
        if (close || res.headers().contains(CONNECTION_CLOSE)) {
            // Helidon would read on: ending the connection is the only way to keep the word given in the answer
            throw new CloseConnectionException("connection closed after the answer");
        }
    }

    /**
     * Whether the connection ends with this answer: the client asked so; or it sent a body, which no route reads
     * (and which, malformed, would otherwise be answered after the fact); or it spoke HTTP/1.0 without asking for
     * keep-alive.
     */
    private static boolean closeAfter(ServerRequest req) {
        var headers = req.headers();
        if (headers.containsToken(HeaderValues.CONNECTION_CLOSE)) {
            return true;
        }
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)
                || headers.contains(HeaderNames.CONTENT_LENGTH) && !headers.get(HeaderNames.CONTENT_LENGTH).get().equals("0")) {
            return true;
        }
        return headers.contains(HTTP10) && !headers.containsToken(HeaderValues.CONNECTION_KEEP_ALIVE);
    }

    private void answer(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        Method method = req.prologue().method();
        String path = req.path().rawPath();
        if (!stopping.getAsBoolean() && UiFiles.handles(path, method, req)) {
            int status = ui.serve(path, req, res, method);
            long nanos = System.nanoTime() - start;
            metrics.request(UiFiles.TEMPLATE, method.text(), status, nanos);
            accessLog.log(method.text(), UiFiles.TEMPLATE, status, 0, nanos, "-");
            return;
        }
        cors.decorate(req, res);
        Reply reply;
        try {
            reply = stopping.getAsBoolean() ? stopping(req, res) : switch (routes.match(req.path().rawPath(), req.query().rawValue())) {
                case Routes.Match.NotFound notFound ->
                        new Reply(UNMATCHED, Statuses.error(Statuses.Refusal.NO_SUCH_ROUTE, "no such route: " + shorten(req.path().rawPath())));
                case Routes.Match.Invalid invalid -> new Reply(invalid.template(), Statuses.error(Statuses.Refusal.BAD_REQUEST, invalid.message()));
                case Routes.Match.Found found -> serve(req, res, method, found);
                case Routes.Match.Badge badge -> badge(req, res, method);
                case Routes.Match.Watch w -> methodReply(req, res, method, w.template()).orElseGet(() -> new Reply(w.template(),
                        watch.answer(w.path(), req.query().rawValue(), req.path().rawPath(), res)));
                case Routes.Match.Local route -> methodReply(req, res, method, route.template())
                        .orElseGet(() -> new Reply(route.template(), local.answer(route.template(), res)));
            };
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected error on " + method.text() + " " + shorten(req.path().rawPath()), e);
            reply = new Reply(UNMATCHED, Statuses.error(Statuses.Refusal.INTERNAL, "internal error"));
        }
        String methodLabel = method == Method.GET || method == Method.HEAD || method == Method.OPTIONS ? method.text() : "OTHER";
        if (reply.badge() != null) {
            sendBadge(req, res, method, methodLabel, reply.badge(), start);
            return;
        }
        if (reply.lookup() == null) {
            Made made = reply.made();
            long nanos = System.nanoTime() - start;
            metrics.request(reply.route(), methodLabel, made.status(), nanos);
            accessLog.log(methodLabel, reply.route(), made.status(), method == Method.HEAD ? 0 : made.body().length, nanos, "-");
            send(res, method, made);
            return;
        }
        Entry entry = reply.lookup().entry();
        HttpCaching.Representation rep = HttpCaching.choose(req, entry);
        long nanos = System.nanoTime() - start;
        metrics.request(reply.route(), methodLabel, rep.status(), nanos);
        accessLog.log(methodLabel, reply.route(), rep.status(), method == Method.HEAD || rep.status() == 304 ? 0 : rep.body().length,
                nanos, reply.lookup().outcome().label());
        Instant now = clock.instant();
        HttpCaching.write(res, method, rep, entry, cache.ageSeconds(entry, now), cache.freshForSeconds(entry, now));
    }

    private Reply badge(ServerRequest req, ServerResponse res, Method method) {
        Optional<Reply> answered = methodReply(req, res, method, Badges.TEMPLATE);
        if (answered.isPresent()) {
            return answered.get();
        }
        return switch (badges.answer(req.path().rawPath(), req.query().rawValue())) {
            case Badges.Answer.Refused refused -> new Reply(Badges.TEMPLATE, refused.error());
            case Badges.Answer.Rendered rendered -> {
                metrics.lookup(rendered.outcome());
                yield new Reply(Badges.TEMPLATE, null, null, rendered);
            }
        };
    }

    /** A badge: always 200 (README images never break); kept by clients 5 minutes or more, an error badge a minute at most. */
    private void sendBadge(ServerRequest req, ServerResponse res, Method method, String methodLabel, Badges.Answer.Rendered badge,
            long start) {
        HttpCaching.Representation rep = HttpCaching.choose(req, badge.badge());
        long nanos = System.nanoTime() - start;
        metrics.request(Badges.TEMPLATE, methodLabel, rep.status(), nanos);
        accessLog.log(methodLabel, Badges.TEMPLATE, rep.status(), method == Method.HEAD || rep.status() == 304 ? 0 : rep.body().length,
                nanos, badge.outcome().label());
        Instant now = clock.instant();
        long fresh = badge.source() instanceof Entry.Found ? cache.freshForSeconds(badge.source(), now) : 0;
        long maxAge = badge.error() ? Math.min(HttpCaching.MAX_ERROR_AGE, fresh) : Math.max(Badges.MIN_VALUE_AGE, fresh);
        HttpCaching.write(res, method, rep, badge.badge(), cache.ageSeconds(badge.source(), now), maxAge, badge.contentType());
    }

    /** While shutting down: {@code /health} and {@code /ready} still answer, anything else gets 503 and a closed connection. */
    private Reply stopping(ServerRequest req, ServerResponse res) {
        Routes.Match match = routes.match(req.path().rawPath(), req.query().rawValue());
        if (match instanceof Routes.Match.Local local && !local.template().equals("/ratelimit")) {
            return new Reply(local.template(), this.local.answer(local.template(), res));
        }
        res.header(CONNECTION_CLOSE);
        res.header(HeaderNames.RETRY_AFTER, "1");
        return new Reply(UNMATCHED, Statuses.error(Statuses.Refusal.STOPPING, "the proxy is shutting down"));
    }

    private Reply serve(ServerRequest req, ServerResponse res, Method method, Routes.Match.Found found) {
        String route = found.route().template();
        Optional<Reply> answered = methodReply(req, res, method, route);
        if (answered.isPresent()) {
            return answered.get();
        }
        ResponseCache.Lookup lookup = cache.get(found.resource());
        if (lookup.entry() instanceof Entry.Failed failed) {
            return new Reply(route, failure(res, failed));
        }
        metrics.lookup(lookup.outcome());
        return new Reply(route, null, lookup, null);
    }

    /** The answer to OPTIONS and to methods other than GET and HEAD; empty for a GET or HEAD to serve. */
    private Optional<Reply> methodReply(ServerRequest req, ServerResponse res, Method method, String template) {
        if (method == Method.OPTIONS) {
            res.header(HeaderNames.ALLOW, ALLOW);
            cors.preflight(req, res);
            return Optional.of(new Reply(template, Made.NO_CONTENT));
        }
        if (method != Method.GET && method != Method.HEAD) {
            res.header(HeaderNames.ALLOW, ALLOW);
            return Optional.of(new Reply(template,
                    Statuses.error(Statuses.Refusal.METHOD_NOT_ALLOWED, method.text() + " is not allowed on " + template + "; use GET or HEAD")));
        }
        return Optional.empty();
    }

    private Made failure(ServerResponse res, Entry.Failed failed) {
        Made answer = Statuses.error(failed);
        if (answer.status() >= 500) {
            failures.warn(failed.failure().getMessage());
        }
        failed.failure().retryAfter().or(() -> answer.status() == 503 ? Optional.of(Duration.ofSeconds(60)) : Optional.empty())
                .ifPresent(wait -> res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds()))));
        return answer;
    }

    private static void send(ServerResponse res, Method method, Made answer) {
        res.status(Status.create(answer.status()));
        if (!res.headers().contains(HeaderNames.VARY)) {
            res.header(VARY_ORIGIN);
        }
        if (answer.status() == 204) {
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, answer.contentType());
        if (answer.status() >= 500) {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
        }
        if (method == Method.HEAD) {
            res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(answer.body().length));
            res.send();
            return;
        }
        res.send(answer.body());
    }

    private static String shorten(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }
}
