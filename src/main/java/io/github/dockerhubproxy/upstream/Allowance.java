package io.github.dockerhubproxy.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What one fetch may spend upstream, every page, retry and login included: a deadline for the whole exchange
 * (bodies included), and a byte budget for everything it reads (the bound of an assembled list).
 */
final class Allowance {
    private final LongSupplier nanoTime;
    private final long endNanos;
    private final Duration budget;
    private final long maxBytes;
    private final AtomicLong bytesLeft;
    private final MemoryPool pool;
    private final AtomicLong held = new AtomicLong();

    /** What a read would overspend. */
    enum Overspent { LIST, MEMORY }

    private Allowance(LongSupplier nanoTime, Duration budget, long maxBytes, MemoryPool pool) {
        this.nanoTime = nanoTime;
        this.endNanos = nanoTime.getAsLong() + budget.toNanos();
        this.budget = budget;
        this.maxBytes = maxBytes;
        this.bytesLeft = new AtomicLong(maxBytes);
        this.pool = pool;
    }

    /**
     * @param nanoTime the monotonic clock the deadline is kept by (injected in tests)
     * @param budget time for the whole exchange
     * @param maxBytes most bytes read in all
     * @param pool the process's bytes, taken from as they are read and given back by {@link #release()}
     */
    static Allowance of(LongSupplier nanoTime, Duration budget, long maxBytes, MemoryPool pool) {
        return new Allowance(nanoTime, budget, maxBytes, pool);
    }

    /** Whether {@code wait} still leaves time for a request. */
    boolean allows(Duration wait) {
        return endNanos - nanoTime.getAsLong() > wait.toNanos();
    }

    /** Time left, at least a millisecond; throws a timeout once none is left. */
    Duration remaining(URI base) {
        long left = endNanos - nanoTime.getAsLong();
        if (left <= 0) {
            throw new DockerHubException(DockerHubException.Kind.TIMEOUT, 0,
                    "no answer from Docker Hub at " + base + " within " + budget.toMillis() + " ms");
        }
        return Duration.ofNanos(Math.max(left, 1_000_000));
    }

    /** The whole exchange's time, as configured. */
    Duration budget() {
        return budget;
    }

    /** Takes {@code bytes} from the fetch's budget and from the process's pool; null when both had them. */
    Overspent spend(long bytes) {
        if (bytesLeft.addAndGet(-bytes) < 0) {
            return Overspent.LIST;
        }
        if (!pool.take(bytes)) {
            return Overspent.MEMORY;
        }
        held.addAndGet(bytes);
        return null;
    }

    /** The fetch is done: what it read goes back to the pool. */
    void release() {
        pool.give(held.getAndSet(0));
    }

    /** The process's pool, as configured. */
    long poolBytes() {
        return pool.capacity();
    }

    /** The byte budget, as configured. */
    long maxBytes() {
        return maxBytes;
    }
}
