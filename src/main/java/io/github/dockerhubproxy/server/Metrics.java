package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.RedisTier;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.store.Outbox;
import io.github.dockerhubproxy.store.StoreException;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.watch.Webhooks;
import io.github.dockerhubproxy.upstream.RateLimits;
import io.github.dockerhubproxy.upstream.UpstreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's Prometheus metrics, through Micrometer. Labels are bounded: requests are labelled by route
 * template (never the raw path), method and status; upstream requests by Docker Hub's route template and status.
 * Meters are created once per label set and then only incremented, so the hot path formats no strings.
 */
public final class Metrics implements UpstreamObserver {
    /** Latency buckets of the request histograms. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(20)};

    /**
     * Names promtool's lint refuses: {@code process.cpu.time} (nanoseconds, named {@code _ns}) is replaced by
     * {@code process_cpu_seconds_total}, {@code system.cpu.count} (a gauge ending in {@code _count}) renamed.
     */
    private static final MeterFilter PROMTOOL_FRIENDLY = new MeterFilter() {
        @Override
        public MeterFilterReply accept(Meter.Id id) {
            return id.getName().equals("process.cpu.time") ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
        }

        @Override
        public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.cores") : id;
        }
    };

    private record RequestKey(String route, String method, int status) {}

    private record UpstreamKey(String route, int status) {}

    /**
     * What was built: version, git commit and build time (the original's {@code GIT_COMMIT} and {@code BUILD_TIMESTAMP}).
     *
     * @param version the proxy's version
     * @param commit the git commit, or "unknown"
     * @param builtAt seconds since the epoch, 0 when unknown
     */
    public record BuildInfo(String version, String commit, double builtAt) {}

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final Map<UpstreamKey, Timer> upstream = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<ResponseCache.Outcome, Counter> lookups = new EnumMap<>(ResponseCache.Outcome.class);
    private final Counter loginsOk;
    private final Counter loginsFailed;

    /** Metrics with JVM and process basics and the build's info. */
    public Metrics(BuildInfo build) {
        registry.config().meterFilter(PROMTOOL_FRIENDLY);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time the proxy's process has used").register(registry);
        }
        Gauge.builder("dockerhub.proxy.info", () -> 1).description("Version and git commit of the running proxy")
                .tag("version", build.version()).tag("commit", build.commit()).register(registry);
        Gauge.builder("dockerhub.proxy.build.timestamp", build::builtAt).baseUnit("seconds")
                .description("When the proxy was built, seconds since the epoch (0: unknown)").register(registry);
        for (ResponseCache.Outcome outcome : ResponseCache.Outcome.values()) {
            lookups.put(outcome, Counter.builder("dockerhub.proxy.cache.lookups")
                    .description("Answers by where they came from: hit (fresh), stale, miss (fetched from Docker Hub)")
                    .tag("outcome", outcome.label()).register(registry));
        }
        loginsOk = login("success");
        loginsFailed = login("failure");
    }

    /** Client connection gauges: open now, the cap, and the ones turned away at the cap. */
    void watch(ClientConnections connections) {
        Gauge.builder("dockerhub.proxy.connections.open", connections, ClientConnections::open)
                .description("Client connections open now").register(registry);
        Gauge.builder("dockerhub.proxy.connections.max", connections, ClientConnections::max)
                .description("Most client connections open at once (HTTP_MAX_CONNECTIONS, as lowered to fit)").register(registry);
        FunctionCounter.builder("dockerhub.proxy.connections.refused", connections, ClientConnections::refused)
                .description("Connections answered 503 and closed because the cap was reached").register(registry);
    }

    /** Cache gauges: entries and bytes held, evictions. */
    public void watch(ResponseCache cache) {
        Gauge.builder("dockerhub.proxy.cache.entries", cache, ResponseCache::size)
                .description("Answers held in memory").register(registry);
        Gauge.builder("dockerhub.proxy.cache.size", cache, ResponseCache::bytes).baseUnit("bytes")
                .description("Bytes of answers held in memory").register(registry);
        FunctionCounter.builder("dockerhub.proxy.cache.evictions", cache, ResponseCache::evictions)
                .description("Answers dropped to stay within CACHE_MAX_MB or past their lifetime").register(registry);
    }

    /** Redis tier counters: hits, misses, errors, and whether it is in use. */
    public void watch(RedisTier redis) {
        FunctionCounter.builder("dockerhub.proxy.redis.hits", redis, RedisTier::hits)
                .description("Entries found in Redis after a memory miss").register(registry);
        FunctionCounter.builder("dockerhub.proxy.redis.misses", redis, RedisTier::misses)
                .description("Memory misses Redis could not answer either").register(registry);
        FunctionCounter.builder("dockerhub.proxy.redis.errors", redis, RedisTier::errors)
                .description("Redis calls that failed or timed out (the proxy then works without Redis)").register(registry);
        Gauge.builder("dockerhub.proxy.redis.up", redis, r -> r.available() ? 1 : 0)
                .description("1 while Redis is in use, 0 while it is switched off after a failure").register(registry);
    }

    /** Upstream gauges: requests in flight, Docker Hub's last rate-limit headers. */
    public void watch(DockerHub hub, Clock clock) {
        Gauge.builder("dockerhub.proxy.upstream.in.flight", hub, DockerHub::inFlight)
                .description("Requests to Docker Hub under way").register(registry);
        RateLimits limits = hub.rateLimits();
        Gauge.builder("dockerhub.proxy.upstream.ratelimit.limit", limits, l -> nan(l.last().limit()))
                .description("Last X-RateLimit-Limit from Docker Hub (requests per window)").register(registry);
        Gauge.builder("dockerhub.proxy.upstream.ratelimit.remaining", limits, l -> nan(l.last().remaining()))
                .description("Last X-RateLimit-Remaining from Docker Hub").register(registry);
        Gauge.builder("dockerhub.proxy.upstream.ratelimit.reset", limits,
                        l -> l.last().reset() < 0 ? Double.NaN : Math.max(0, l.last().reset() - clock.instant().getEpochSecond()))
                .baseUnit("seconds").description("Seconds until Docker Hub's rate-limit window resets").register(registry);
    }

    /** Records one answered request. */
    void request(String route, String method, int status, long nanos) {
        requests.computeIfAbsent(new RequestKey(route, method, status), key -> Timer.builder("dockerhub.proxy.requests")
                        .description("Requests answered, by route template, method and status")
                        .tag("route", key.route()).tag("method", key.method()).tag("status", Integer.toString(key.status()))
                        .serviceLevelObjectives(BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records where an answer came from. */
    void lookup(ResponseCache.Outcome outcome) {
        lookups.get(outcome).increment();
    }

    @Override
    public void exchanged(String route, int status, long nanos) {
        upstream.computeIfAbsent(new UpstreamKey(route, status), key -> Timer.builder("dockerhub.proxy.upstream.requests")
                        .description("Requests sent to Docker Hub, by route template and status (0: no answer)")
                        .tag("route", key.route()).tag("status", Integer.toString(key.status()))
                        .serviceLevelObjectives(BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void retried(String route) {
        retries.computeIfAbsent(route, r -> Counter.builder("dockerhub.proxy.upstream.retries")
                .description("Requests to Docker Hub tried again after a dropped connection or a 502/503/504")
                .tag("route", r).register(registry)).increment();
    }

    @Override
    public void loggedIn(boolean succeeded) {
        (succeeded ? loginsOk : loginsFailed).increment();
    }

    /** The Prometheus text exposition. */
    String scrape() {
        return registry.scrape();
    }

    /** Webhook deliveries by outcome, and the deliveries still owed (read from the outbox at each scrape). */
    public Webhooks.Observer webhooks(Outbox outbox) {
        Gauge.builder("dockerhub.proxy.webhook.pending", outbox, o -> {
            try {
                return o.pending();
            } catch (StoreException e) {
                return Double.NaN;
            }
        }).description("Webhook deliveries still owed (NaN while the database cannot be reached)").register(registry);
        Counter delivered = webhookCounter("delivered");
        Counter failed = webhookCounter("failed");
        return new Webhooks.Observer() {
            @Override
            public void delivered(String url) {
                delivered.increment();
            }

            @Override
            public void failed(String url) {
                failed.increment();
            }
        };
    }

    private Counter webhookCounter(String outcome) {
        return Counter.builder("dockerhub.proxy.webhook.deliveries").description("Webhook POSTs by outcome (failed ones are tried again)")
                .tag("outcome", outcome).register(registry);
    }

    private Counter login(String outcome) {
        return Counter.builder("dockerhub.proxy.upstream.logins").description("Credential exchanges with Docker Hub")
                .tag("outcome", outcome).register(registry);
    }

    private static double nan(long value) {
        return value < 0 ? Double.NaN : value;
    }
}
