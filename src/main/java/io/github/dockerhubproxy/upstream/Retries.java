package io.github.dockerhubproxy.upstream;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When an idempotent GET is tried again: after a 502, 503 or 504, at most {@link #MAX_RETRIES} times, with
 * exponential backoff and jitter; other 4xx and 429 are never retried. With the JDK client's own single retry of a
 * connection that broke before answering, and its retry of refused connections turned off ({@link UpstreamHttp}),
 * one exchange never makes more than three requests.
 */
final class Retries {
    /** Retries after the first try; Docker Hub's own hiccups rarely outlast two. */
    static final int MAX_RETRIES = 2;
    /** Backoff before the first retry; doubled for each further one. */
    static final Duration BASE_BACKOFF = Duration.ofMillis(100);

    private final DoubleSupplier jitter;

    /** @param jitter a source of numbers in [0, 1) */
    Retries(DoubleSupplier jitter) {
        this.jitter = jitter;
    }

    /** Whether an answer with this status is worth another try. */
    static boolean retryable(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /**
     * Whether a failure without an answer is worth another try by the proxy: never. A connection that broke before
     * Docker Hub answered has already been tried again once, on a new connection, by the JDK client itself (it does so
     * for every GET and cannot be told not to), so a retry here would make four requests of one; a refused connection
     * means Docker Hub is down ({@link Outage} fails the next requests fast); a timeout has spent the deadline; an
     * answer too large would be as large again.
     */
    static boolean retryable(DockerHubException failure) {
        return false;
    }

    /** The wait before retry number {@code retry} (1-based): base × 2^(retry-1), scaled by 0.5–1.5 jitter. */
    Duration backoff(int retry) {
        long base = BASE_BACKOFF.toMillis() << (retry - 1);
        return Duration.ofMillis(Math.round(base * (0.5 + jitter.getAsDouble())));
    }
}
