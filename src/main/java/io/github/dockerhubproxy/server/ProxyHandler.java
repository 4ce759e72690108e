package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.CachedResponse;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.DockerHubException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Answers every request: CORS, routing, validation, then the cached (or freshly fetched) answer. */
final class ProxyHandler implements Handler {
    private static final Logger LOG = Logger.getLogger(ProxyHandler.class.getName());
    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final HeaderName RETRY_AFTER = HeaderNames.RETRY_AFTER;

    private final Routes routes;
    private final ResponseCache cache;
    private final DockerHub hub;
    private final Cors cors;
    private final Clock clock;

    ProxyHandler(Routes routes, ResponseCache cache, DockerHub hub, CorsPolicy cors, Clock clock) {
        this.routes = routes;
        this.cache = cache;
        this.hub = hub;
        this.cors = new Cors(cors);
        this.clock = clock;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        Method method = req.prologue().method();
        cors.decorate(req, res);
        try {
            switch (routes.match(req.path().rawPath(), req.query().rawValue())) {
                case Routes.Match.NotFound notFound -> send(res, method, error(404, "no such route: " + shorten(req.path().rawPath())));
                case Routes.Match.Invalid invalid -> send(res, method, error(400, invalid.message()));
                case Routes.Match.Found found -> serve(req, res, method, found);
                case Routes.Match.Local local -> serveLocal(req, res, method, local);
            }
        } catch (DockerHubException e) {
            sendFailure(res, method, e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "unexpected error on " + method.text() + " " + shorten(req.path().rawPath()), e);
            send(res, method, error(500, "internal error"));
        }
    }

    private void serveLocal(ServerRequest req, ServerResponse res, Method method, Routes.Match.Local local) {
        if (answeredMethod(req, res, method, local.template())) {
            return;
        }
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        send(res, method, new CachedResponse(200, RateLimitReport.json(hub), clock.instant()));
    }

    /** Answers OPTIONS and methods other than GET and HEAD; false when the request is a GET or HEAD to serve. */
    private boolean answeredMethod(ServerRequest req, ServerResponse res, Method method, String template) {
        if (method == Method.OPTIONS) {
            res.header(HeaderNames.ALLOW, ALLOW);
            cors.preflight(req, res);
            res.status(Status.NO_CONTENT_204).send();
            return true;
        }
        if (method != Method.GET && method != Method.HEAD) {
            res.header(HeaderNames.ALLOW, ALLOW);
            send(res, method, error(405, method.text() + " is not allowed on " + template + "; use GET or HEAD"));
            return true;
        }
        return false;
    }

    private void serve(ServerRequest req, ServerResponse res, Method method, Routes.Match.Found found) {
        if (answeredMethod(req, res, method, found.route().template())) {
            return;
        }
        ResponseCache.Lookup lookup = cache.get(found.resource());
        res.header(HeaderNames.AGE, Long.toString(cache.ageSeconds(lookup.response())));
        send(res, method, lookup.response());
    }

    private void sendFailure(ServerResponse res, Method method, DockerHubException e) {
        int status = switch (e.kind()) {
            case NOT_FOUND -> 404;
            case RETIRED -> 410;
            case RATE_LIMITED -> 503;
            case TIMEOUT -> 504;
            case UNREACHABLE, AUTH_FAILED, BAD_RESPONSE -> 502;
        };
        if (status >= 500) {
            LOG.warning(e.getMessage());
        }
        e.retryAfter().or(() -> status == 503 ? java.util.Optional.of(Duration.ofSeconds(60)) : java.util.Optional.empty())
                .ifPresent(wait -> res.header(RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds()))));
        send(res, method, error(status, e.getMessage()));
    }

    private CachedResponse error(int status, String message) {
        return CachedResponse.error(status, message, clock.instant());
    }

    private static void send(ServerResponse res, Method method, CachedResponse answer) {
        res.status(Status.create(answer.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (answer.status() >= 500) {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
        }
        if (method == Method.HEAD) {
            res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(answer.body().length));
            res.send();
        } else {
            res.send(answer.body());
        }
    }

    private static String shorten(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }
}
