package io.github.dockerhubproxy.upstream;

import java.net.URI;
import java.time.Duration;

/** The moment by which a whole upstream exchange (every page, every retry) must be done. */
record Deadline(long endNanos, Duration budget) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    /** Whether {@code wait} still leaves time for a request. */
    boolean allows(Duration wait) {
        return endNanos - System.nanoTime() > wait.toNanos();
    }

    /** Time left, at least a millisecond; throws a timeout once none is left. */
    Duration remaining(URI base) {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new DockerHubException(DockerHubException.Kind.TIMEOUT, 0,
                    "no answer from Docker Hub at " + base + " within " + budget.toMillis() + " ms");
        }
        return Duration.ofNanos(Math.max(left, 1_000_000));
    }
}
