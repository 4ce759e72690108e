package io.github.dockerhubproxy.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.store.Leases;
import io.github.dockerhubproxy.store.StoreException;
import io.github.dockerhubproxy.store.WatchStore;
import io.github.dockerhubproxy.store.Watched;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.Resource;
import io.github.dockerhubproxy.upstream.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Watches the configured repositories: each cycle takes one history sample per repository and walks its tags newest
 * first until it meets tags it knows, recording what changed — sample, tags, events and the webhook deliveries they
 * owe, in one transaction per repository. Repositories are spread across the interval rather than read in a burst.
 * Its requests to Docker Hub stay within a third of the rate limit, after the clients' ({@link WatchBudget}).
 * Among replicas sharing one database, the one holding the {@code watch} lease runs the cycles.
 */
public final class Watcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Watcher.class.getName());
    static final String LEASE = "watch";
    /** How often owed webhook deliveries are looked for. */
    static final Duration DELIVERY_TICK = Duration.ofSeconds(5);

    /** What a cycle did: repositories read, how many failed, events recorded. */
    public record Report(int repositories, int failed, int events) {}

    private final WatchSettings settings;
    private final DockerHub hub;
    private final WatchStore store;
    private final Leases leases;
    private final Clock clock;
    private final Sleeper sleeper;
    private final String holder;
    private final Webhooks webhooks;
    private final WatchBudget budget;
    private final RepositoryCheck check;
    private volatile boolean closed;
    private volatile boolean holding;
    private Thread loop;
    private Thread deliverer;

    /**
     * @param cache the proxy's cache, whose tag lists of watched repositories each cycle brings up to date
     * @param listLimit most tags a cached list holds ({@code LIST_MAX_ITEMS})
     */
    public Watcher(WatchSettings settings, DockerHub hub, ResponseCache cache, int listLimit, WatchStore store, Webhooks webhooks,
            Clock clock, Sleeper sleeper, String holder) {
        this.webhooks = webhooks;
        this.settings = settings;
        this.hub = hub;
        this.store = store;
        this.leases = new Leases(store.database());
        this.budget = new WatchBudget(hub.rateLimits()::last, hub.rateLimits()::blockedFor, hub.rateLimits()::perMinute, clock, sleeper);
        this.check = new RepositoryCheck(hub, cache, listLimit, store, settings.webhookUrls(), budget, clock);
        this.clock = clock;
        this.sleeper = sleeper;
        this.holder = holder;
    }

    /** Runs cycles in the background, every {@code WATCH_INTERVAL}, while this instance holds the lease. */
    public synchronized void start() {
        if (loop == null) {
            loop = Thread.ofPlatform().name("watch").daemon().start(this::loop);
            if (webhooks.enabled()) {
                deliverer = Thread.ofPlatform().name("webhooks").daemon().start(this::deliver);
            }
        }
    }

    private void loop() {
        Duration interval = settings.interval();
        Instant nextCycle = clock.instant();
        while (!closed) {
            try {
                if (holdLease() && !clock.instant().isBefore(nextCycle)) {
                    nextCycle = clock.instant().plus(interval);
                    cycle();
                }
            } catch (StoreException e) {
                LOG.warning("watch list: the database cannot be reached, cycles wait for it: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "watch list: a cycle failed", e);
            }
            Duration untilNext = Duration.between(clock.instant(), nextCycle);
            Duration tick = interval.dividedBy(4);
            sleeper.sleep(untilNext.isPositive() && untilNext.compareTo(tick) < 0 ? untilNext : tick);
        }
    }

    /** The webhook deliverer (tests deliver at the moment they choose). */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Delivers webhooks every few seconds (at once after a cycle found events) while this instance holds the lease. */
    private void deliver() {
        while (!closed) {
            try {
                if (holding) {
                    webhooks.deliverDue();
                }
            } catch (StoreException e) {
                LOG.warning("webhooks: the database cannot be reached, deliveries wait for it: " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "webhooks: delivering failed", e);
            }
            sleeper.sleep(DELIVERY_TICK);
        }
    }

    /** Takes or renews the lease; it lasts three quarters of an interval, so another replica takes over within one. */
    boolean holdLease() {
        holding = leases.hold(LEASE, holder, clock.instant(), settings.interval().multipliedBy(3).dividedBy(4));
        return holding;
    }

    /** One cycle over every watched repository, spread across the interval (tests call it directly). */
    public Report cycle() {
        List<String> repositories = expand(settings.repositories());
        store.watch(repositories, clock.instant());
        Map<String, Watched> states = store.watched().stream().collect(Collectors.toMap(Watched::repository, Function.identity()));
        Duration spacing = settings.interval().dividedBy(Math.max(1, repositories.size()));
        int failed = 0;
        int events = 0;
        for (int i = 0; i < repositories.size() && !closed; i++) {
            if (i > 0) {
                sleeper.sleep(spacing);
                if (!holdLease()) {
                    break;   // another replica took over
                }
            }
            String repository = repositories.get(i);
            try {
                int found = check.run(repository, states.get(repository));
                events += found;
                if (found > 0 && deliverer != null) {
                    java.util.concurrent.locks.LockSupport.unpark(deliverer);
                }
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                failed++;
                store.failed(repository, e.getMessage(), clock.instant());
            }
        }
        return new Report(repositories.size(), failed, events);
    }

    /** {@code namespace/*} stands for every repository of the namespace, read anew each cycle. */
    private List<String> expand(List<String> configured) {
        Set<String> out = new LinkedHashSet<>();
        for (String item : configured) {
            String namespace = item.substring(0, item.indexOf('/'));
            if (!item.endsWith("/*")) {
                out.add(item);
                continue;
            }
            try {
                budget.take();
                for (JsonNode repository : hub.fetch(new Resource.Repositories(namespace, Resource.MAX_PAGE_SIZE, 10_000)).path("results")) {
                    out.add(namespace + "/" + repository.path("name").asText());
                }
            } catch (RuntimeException e) {
                LOG.warning("watch list: cannot list the repositories of '" + namespace + "': " + e.getMessage());
            }
        }
        return new ArrayList<>(out);
    }

    @Override
    public void close() {
        closed = true;
        Thread running;
        synchronized (this) {
            running = loop;
        }
        if (running != null) {
            running.interrupt();
        }
        Thread delivering;
        synchronized (this) {
            delivering = deliverer;
        }
        if (delivering != null) {
            delivering.interrupt();
        }
    }
}
