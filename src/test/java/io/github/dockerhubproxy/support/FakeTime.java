package io.github.dockerhubproxy.support;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Time that moves only when a test says so: a Caffeine {@link Ticker} and a {@link Clock} in one. */
public final class FakeTime extends Clock implements Ticker {
    /** Starts at the real time (whole seconds), so epoch times in Docker Hub's headers line up. */
    private final Instant start = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    private final AtomicLong nanos = new AtomicLong();

    /** Moves time forward. */
    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Override
    public long read() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        return start.plusNanos(nanos.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
