package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.Entry;
import io.github.dockerhubproxy.upstream.DockerHubException;

/**
 * The one place where outcomes become HTTP statuses: what the cache knows — found, not found, retired, failed and
 * why — and what the proxy itself refuses ({@link Refusal}).
 */
final class Statuses {
    /** Requests the proxy answers itself without asking the cache. */
    enum Refusal {
        /** The path matches no route. */
        NO_SUCH_ROUTE(404),
        /** A path value or query parameter breaks the rules ({@link BadRequest}). */
        BAD_REQUEST(400),
        /** A method other than GET, HEAD and OPTIONS. */
        METHOD_NOT_ALLOWED(405),
        /** The proxy holds as many client connections as it may. */
        TOO_MANY_CONNECTIONS(503),
        /** The proxy is shutting down. */
        STOPPING(503),
        /** A repository the watch list does not watch: no feed, no history. */
        NOT_WATCHED(404),
        /** The watch list's database cannot be reached. */
        DATABASE_UNAVAILABLE(503),
        /** A bug: logged with its stack trace, never shown. */
        INTERNAL(500);

        private final int status;

        Refusal(int status) {
            this.status = status;
        }
    }

    private Statuses() {
    }

    /** The JSON error answer for a refusal. */
    static Made error(Refusal refusal, String message) {
        return Made.error(refusal.status, message);
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
