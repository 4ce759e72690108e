package io.github.dockerhubproxy.server;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One line per request on standard output — time, method, route template, status, bytes, duration, cache
 * outcome — buffered and written by a background thread every 200 ms, so that logging costs the hot path one
 * short string and no system call. Never the raw path, a header or a secret.
 */
public final class AccessLog implements AutoCloseable {
    /** Flush at the latest when this many bytes wait. */
    private static final int FLUSH_BYTES = 64 * 1024;

    private final OutputStream out;
    private final Clock clock;
    private final StringBuilder pending = new StringBuilder(FLUSH_BYTES);
    private final ScheduledExecutorService flusher;
    private volatile Second second;

    private record Second(long epochSecond, String text) {}

    private AccessLog(OutputStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.flusher = out == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "access-log");
            thread.setDaemon(true);
            return thread;
        });
        if (flusher != null) {
            flusher.scheduleWithFixedDelay(this::flush, 200, 200, TimeUnit.MILLISECONDS);
        }
    }

    /** An access log on standard output. */
    public static AccessLog stdout(Clock clock) {
        return new AccessLog(new FileOutputStream(FileDescriptor.out), clock);
    }

    /** An access log written to {@code out} (tests). */
    public static AccessLog to(OutputStream out, Clock clock) {
        return new AccessLog(out, clock);
    }

    /** No access log. */
    public static AccessLog off() {
        return new AccessLog(null, Clock.systemUTC());
    }

    /** Whether lines are written at all. */
    public boolean enabled() {
        return out != null;
    }

    void log(String method, String route, int status, long bytes, long nanos, String cache) {
        if (out == null) {
            return;
        }
        long millis = clock.millis();
        String second = second(millis / 1000);
        int ms = (int) (millis % 1000);
        boolean full;
        synchronized (pending) {
            pending.append(second).append('.').append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                    .append((char) ('0' + ms % 10)).append("Z access method=").append(method).append(" route=").append(route)
                    .append(" status=").append(status).append(" bytes=").append(bytes).append(" duration_us=")
                    .append(nanos / 1000).append(" cache=").append(cache).append('\n');
            full = pending.length() >= FLUSH_BYTES;
        }
        if (full) {
            flush();
        }
    }

    /** ISO-8601 up to the second, formatted once a second. */
    private String second(long epochSecond) {
        Second cached = this.second;
        if (cached == null || cached.epochSecond() != epochSecond) {
            String text = Instant.ofEpochSecond(epochSecond).toString();
            cached = new Second(epochSecond, text.substring(0, text.length() - 1));
            this.second = cached;
        }
        return cached.text();
    }

    /** Writes what is pending. */
    public void flush() {
        if (out == null) {
            return;
        }
        String text;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            text = pending.toString();
            pending.setLength(0);
        }
        try {
            synchronized (out) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // standard output is gone: nothing sensible left to do with a log line
        }
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flush();
    }
}
