package io.github.dockerhubproxy.upstream;

import java.time.Duration;
import java.util.Optional;

/** Docker Hub could not give an answer; says what failed, with the upstream status and message where known. */
public final class DockerHubException extends RuntimeException {

    /** Why the call failed. */
    public enum Kind {
        /** Docker Hub answered 404: the object does not exist (or is not visible). */
        NOT_FOUND,
        /** Docker Hub answered 429: too many requests. */
        RATE_LIMITED,
        /** No answer within the deadline. */
        TIMEOUT,
        /** The connection to Docker Hub broke, or it closed without answering. */
        UNREACHABLE,
        /** Docker Hub refused the connection, or did so moments ago and is not asked again yet. */
        REFUSED,
        /** Docker Hub's answer is larger than the proxy reads ({@code UPSTREAM_MAX_BODY_MB}, {@code LIST_MAX_MB}). */
        TOO_LARGE,
        /** The answers the proxy is reading at once fill the memory it sets aside for them: try again shortly. */
        OVERLOADED,
        /** Docker Hub refused the credentials, or asked for some. */
        AUTH_FAILED,
        /** Docker Hub answered with an error status or a body that is not what its API sends. */
        BAD_RESPONSE,
        /** Docker Hub retired the feature: the repository exists, the route no longer answers. */
        RETIRED
    }

    private final Kind kind;
    private final int upstreamStatus;
    private final Duration retryAfter;

    DockerHubException(Kind kind, int upstreamStatus, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.upstreamStatus = upstreamStatus;
        this.retryAfter = retryAfter;
    }

    DockerHubException(Kind kind, int upstreamStatus, String message) {
        this(kind, upstreamStatus, message, null, null);
    }

    /** Why the call failed. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status Docker Hub answered with, or 0 when there was no answer. */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** How long Docker Hub asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
