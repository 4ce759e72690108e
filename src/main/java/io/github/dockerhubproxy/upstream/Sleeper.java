package io.github.dockerhubproxy.upstream;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits; injected so that tests do not sleep. */
@FunctionalInterface
public interface Sleeper {
    /** Blocks the calling thread for {@code duration}. */
    void sleep(Duration duration);

    /** Really waits. */
    static Sleeper system() {
        return duration -> LockSupport.parkNanos(duration.toNanos());
    }
}
