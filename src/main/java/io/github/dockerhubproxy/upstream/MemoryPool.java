package io.github.dockerhubproxy.upstream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of upstream answers the whole process may hold at once. Each answer is bounded on its own, but fifty
 * concurrent answers at the bound would still fill a small heap: a fetch takes from this pool as its bytes arrive
 * and gives them back when it is done; a body that finds the pool empty is cut off.
 */
final class MemoryPool {
    private final long capacity;
    private final AtomicLong available;

    MemoryPool(long capacity) {
        this.capacity = capacity;
        this.available = new AtomicLong(capacity);
    }

    /** A pool of a quarter of the heap the JVM may use (at least one list of the default {@code LIST_MAX_MB}). */
    static MemoryPool quarterOfHeap() {
        return new MemoryPool(Math.max(4 << 20, Runtime.getRuntime().maxMemory() / 4));
    }

    long capacity() {
        return capacity;
    }

    /** Bytes held now. */
    long held() {
        return capacity - available.get();
    }

    /** Takes {@code bytes} if that many are left. */
    boolean take(long bytes) {
        long left;
        do {
            left = available.get();
            if (left < bytes) {
                return false;
            }
        } while (!available.compareAndSet(left, left - bytes));
        return true;
    }

    void give(long bytes) {
        available.addAndGet(bytes);
    }
}
