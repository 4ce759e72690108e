package io.github.dockerhubproxy.upstream;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** Builds a {@link DockerHub}; only the API URL needs thought ({@code https://hub.docker.com} by default). */
public final class DockerHubBuilder {
    /** Default bound of one upstream answer: Docker Hub's largest real page is about 100 KB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;
    /** Default bound of an assembled list (every page of it). */
    public static final long DEFAULT_MAX_LIST_BYTES = 32L << 20;
    URI apiUrl = URI.create("https://hub.docker.com");
    URI registryUrl = URI.create("https://registry-1.docker.io");
    URI registryAuthUrl = URI.create("https://auth.docker.io");
    long registryCacheBytes = 16L << 20;
    Credentials credentials = Credentials.anonymous();
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration timeout = Duration.ofSeconds(20);
    int pageConcurrency = 16;
    long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    long maxListBytes = DEFAULT_MAX_LIST_BYTES;
    long maxBytesInFlight;
    LongSupplier nanoTime = System::nanoTime;
    Clock clock = Clock.systemUTC();
    int requestsPerMinute;
    Sleeper sleeper = Sleeper.system();
    DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();
    UpstreamObserver observer = UpstreamObserver.NONE;

    DockerHubBuilder() {
    }

    /**
     * The registry ({@code https://registry-1.docker.io}) and the only token service credentials are sent to
     * ({@code https://auth.docker.io}).
     */
    public DockerHubBuilder registry(URI registryUrl, URI registryAuthUrl) {
        this.registryUrl = Objects.requireNonNull(registryUrl, "registryUrl");
        this.registryAuthUrl = Objects.requireNonNull(registryAuthUrl, "registryAuthUrl");
        return this;
    }

    /** Most requests sent to Docker Hub per minute; 0 (default): 150 anonymous, 500 with credentials. */
    public DockerHubBuilder requestsPerMinute(int requestsPerMinute) {
        if (requestsPerMinute < 0) {
            throw new IllegalArgumentException("requestsPerMinute must be 0 or more, was " + requestsPerMinute);
        }
        this.requestsPerMinute = requestsPerMinute;
        return this;
    }

    /** How to wait for a retry or for rate-limit budget (tests record instead of waiting). */
    public DockerHubBuilder sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        return this;
    }

    /** Who hears about every upstream exchange, retry and login (metrics). */
    public DockerHubBuilder observer(UpstreamObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /** Source of retry jitter, numbers in [0, 1). */
    public DockerHubBuilder jitter(DoubleSupplier jitter) {
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        return this;
    }

    /** Docker Hub's API base URL, e.g. {@code https://hub.docker.com}. */
    public DockerHubBuilder apiUrl(URI apiUrl) {
        String text = Objects.requireNonNull(apiUrl, "apiUrl").toString();
        this.apiUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        return this;
    }

    /** Who to be on Docker Hub; anonymous by default. */
    public DockerHubBuilder credentials(Credentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        return this;
    }

    /** How long to wait for a connection (5 s by default). */
    public DockerHubBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = positive(connectTimeout, "connectTimeout");
        return this;
    }

    /** Deadline of one whole call, every page and retry included (20 s by default). */
    public DockerHubBuilder timeout(Duration timeout) {
        this.timeout = positive(timeout, "timeout");
        return this;
    }

    /** Most bytes read of one upstream answer; a larger one is a {@code TOO_LARGE} failure (4 MB by default). */
    public DockerHubBuilder maxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = atLeastOne(maxBodyBytes, "maxBodyBytes");
        return this;
    }

    /** Most bytes read for one call, every page of a list included (32 MB by default). */
    public DockerHubBuilder maxListBytes(long maxListBytes) {
        this.maxListBytes = atLeastOne(maxListBytes, "maxListBytes");
        return this;
    }

    /** Most bytes of upstream answers held at once by all calls together (0, the default: a quarter of the heap). */
    public DockerHubBuilder maxBytesInFlight(long maxBytesInFlight) {
        this.maxBytesInFlight = atLeastOne(maxBytesInFlight, "maxBytesInFlight");
        return this;
    }

    private static long atLeastOne(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }

    /** Pages of one list fetched at the same time (16 by default). */
    public DockerHubBuilder pageConcurrency(int pageConcurrency) {
        if (pageConcurrency < 1) {
            throw new IllegalArgumentException("pageConcurrency must be at least 1, was " + pageConcurrency);
        }
        this.pageConcurrency = pageConcurrency;
        return this;
    }

    /** The monotonic clock deadlines are kept by (nanoseconds; tests inject theirs). */
    public DockerHubBuilder nanoTime(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        return this;
    }

    /** The clock for rate-limit and login bookkeeping. */
    public DockerHubBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** The client. */
    public DockerHub build() {
        return new DockerHub(this);
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
