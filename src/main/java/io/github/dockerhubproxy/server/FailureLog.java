package io.github.dockerhubproxy.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Warnings about failed answers, at most one a second: when Docker Hub is down every request fails the same way,
 * and a line per request would bury everything else. The next line says how many were left out.
 */
final class FailureLog {
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final Logger log;
    private final LongSupplier nanoTime;
    private final AtomicLong nextAt;
    private final AtomicLong suppressed = new AtomicLong();

    FailureLog(Logger log) {
        this(log, System::nanoTime);
    }

    FailureLog(Logger log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
        this.nextAt = new AtomicLong(nanoTime.getAsLong());
    }

    void warn(String message) {
        long now = nanoTime.getAsLong();
        long at = nextAt.get();
        if (now - at >= 0 && nextAt.compareAndSet(at, now + INTERVAL_NANOS)) {
            long left = suppressed.getAndSet(0);
            log.warning(left == 0 ? message : message + " (and " + left + " more failures not logged)");
        } else {
            suppressed.incrementAndGet();
        }
    }
}
