package io.github.dockerhubproxy.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers that Docker Hub refused a connection, so that requests meanwhile fail at once instead of each trying
 * (and retrying) on its own: for {@link #WINDOW} after a refusal, one request a {@link #PROBE_EVERY} goes through
 * to see whether Docker Hub is back; the others fail fast with a retry time. Any answer ends the outage.
 */
final class Outage {
    /** How long after a refused connection Docker Hub counts as down. */
    static final Duration WINDOW = Duration.ofSeconds(5);
    /** How often a request is let through to find out whether it is back. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);

    private final Clock clock;
    private Instant refusedAt = Instant.MIN;
    private Instant probedAt = Instant.MIN;

    Outage(Clock clock) {
        this.clock = clock;
    }

    /** A connection was refused. */
    synchronized void refused() {
        refusedAt = clock.instant();
    }

    /** Docker Hub answered. */
    synchronized void answered() {
        refusedAt = Instant.MIN;
    }

    /**
     * Lets a request go to Docker Hub, or fails it at once while Docker Hub is down (but for one probe a second).
     *
     * @throws DockerHubException (refused, with a retry time) while the outage lasts
     */
    synchronized void admit(String what, String base) {
        Instant now = clock.instant();
        Instant until = plus(refusedAt, WINDOW);
        if (!now.isBefore(until) || !now.isBefore(plus(probedAt, PROBE_EVERY))) {
            probedAt = now;
            return;
        }
        Duration wait = Duration.between(now, until);
        throw new DockerHubException(DockerHubException.Kind.REFUSED, 0, what + ": Docker Hub at " + base
                + " refused connections " + Duration.between(refusedAt, now).toMillis() + " ms ago; not asked again for "
                + Math.max(1, wait.toSeconds()) + " s", wait, null);
    }

    private static Instant plus(Instant at, Duration d) {
        return at.equals(Instant.MIN) ? Instant.MIN : at.plus(d);
    }
}
