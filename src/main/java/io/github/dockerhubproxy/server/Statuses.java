package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.Entry;
import io.github.dockerhubproxy.upstream.DockerHubException;

/**
 * The one place where what the cache knows — found, not found, retired, failed and why — becomes an HTTP status, for
 * answers from the cache and failures alike.
 */
final class Statuses {
    private Statuses() {
    }

    /** The status an entry is answered with. */
    static int of(Entry entry) {
        return switch (entry) {
            case Entry.Found found -> 200;
            case Entry.NotFound notFound -> 404;
            case Entry.Retired retired -> 410;
            case Entry.Failed failed -> of(failed.failure().kind());
        };
    }

    /** The JSON error answer for an entry that is not found ({@link Entry.Found} has Docker Hub's own body). */
    static Made error(Entry entry) {
        return Made.error(of(entry), switch (entry) {
            case Entry.Found found -> throw new IllegalArgumentException("a found entry is no error");
            case Entry.NotFound notFound -> notFound.message();
            case Entry.Retired retired -> retired.message();
            case Entry.Failed failed -> failed.failure().getMessage();
        });
    }

    /**
     * The status a Docker Hub failure is answered with: 404 and 410 (answers about the resource, cached briefly),
     * 503 (rate limited or the proxy's memory for answers in flight spent: try again), 504 (no answer in time),
     * 502 (the rest).
     */
    static int of(DockerHubException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> 404;
            case RETIRED -> 410;
            case RATE_LIMITED, OVERLOADED -> 503;
            case TIMEOUT -> 504;
            case UNREACHABLE, REFUSED, TOO_LARGE, AUTH_FAILED, BAD_RESPONSE -> 502;
        };
    }
}
