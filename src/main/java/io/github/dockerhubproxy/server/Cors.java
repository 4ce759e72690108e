package io.github.dockerhubproxy.server;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;
import java.util.Optional;

/** Adds CORS headers to a response, following a {@link CorsPolicy}. */
final class Cors {
    /** How long a browser may reuse a preflight answer, in seconds. */
    static final String MAX_AGE = "86400";
    private static final HeaderName REQUEST_METHOD = HeaderNames.ACCESS_CONTROL_REQUEST_METHOD;
    private static final HeaderName REQUEST_HEADERS = HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS;

    private final CorsPolicy policy;

    Cors(CorsPolicy policy) {
        this.policy = policy;
    }

    /**
     * {@code Access-Control-Allow-Origin} when the Origin is allowed. Every answer also says {@code Vary: Origin}
     * (set where the answer is written, together with {@code Accept-Encoding} for cached answers).
     */
    void decorate(ServerRequest req, ServerResponse res) {
        allowedOrigin(req).ifPresent(origin -> res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin));
    }

    /** The preflight answer's headers, when the Origin is allowed and asks for GET or HEAD. */
    void preflight(ServerRequest req, ServerResponse res) {
        Optional<String> method = req.headers().first(REQUEST_METHOD).map(m -> m.strip().toUpperCase(Locale.ROOT));
        if (allowedOrigin(req).isEmpty() || method.isEmpty()
                || !(method.get().equals("GET") || method.get().equals("HEAD"))) {
            return;
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
        req.headers().first(REQUEST_HEADERS).filter(h -> !h.isBlank())
                .ifPresent(h -> res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, h));
        res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
        res.header(HeaderNames.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    }

    private Optional<String> allowedOrigin(ServerRequest req) {
        return req.headers().first(HeaderNames.ORIGIN).filter(policy::allows);
    }
}
