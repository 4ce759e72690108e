package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.Absence;
import io.github.dockerhubproxy.cache.CachedResponse;
import io.github.dockerhubproxy.upstream.DockerHubException;
import java.time.Instant;

/** The one place where what went wrong upstream becomes an HTTP status, for answers made now and answers cached. */
public final class Statuses {
    /** How the cache's answers about absent resources and retired features are written. */
    public static final Absence ABSENCE = new Absence() {
        @Override
        public CachedResponse notFound(String message, Instant at) {
            return CachedResponse.error(of(DockerHubException.Kind.NOT_FOUND), message, at);
        }

        @Override
        public CachedResponse retired(String message, Instant at) {
            return CachedResponse.error(of(DockerHubException.Kind.RETIRED), message, at);
        }
    };

    private Statuses() {
    }

    /**
     * The status a Docker Hub failure is answered with: 404 and 410 (answers about the resource, cached briefly),
     * 503 (rate limited or the proxy's memory for answers in flight spent: try again), 504 (no answer in time),
     * 502 (the rest).
     */
    public static int of(DockerHubException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case RETIRED -> 410;
            case RATE_LIMITED, OVERLOADED -> 503;
            case TIMEOUT -> 504;
            case UNREACHABLE, REFUSED, TOO_LARGE, AUTH_FAILED, BAD_RESPONSE -> 502;
        };
    }
}
