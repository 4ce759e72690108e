package io.github.dockerhubproxy.cache;

import io.github.dockerhubproxy.upstream.Resource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * The shared second tier: entries in Redis (or Valkey) under {@code dockerhub-proxy:v3:<key>} ({@link CacheKey}),
 * and short locks so
 * that a cold key is fetched from Docker Hub once across all replicas. Redis failing is never an outage: every
 * call has a tight timeout, a failure switches the tier off for {@link #RETRY_AFTER_FAILURE} (logged once per
 * outage), and it comes back by itself.
 */
public final class RedisTier implements AutoCloseable {
    /** Key prefix; the version changes whenever the entry or the key format does, so old entries are never read. */
    public static final String PREFIX = "dockerhub-proxy:" + CacheKey.VERSION + ":";
    /** How long Redis is left alone after a failure before it is tried again. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(RedisTier.class.getName());
    private static final String UNLOCK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final JedisPooled redis;
    private final Clock clock;
    private final String where;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile Instant retryAt = Instant.MIN;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();

    private RedisTier(JedisPooled redis, Clock clock, String where) {
        this.redis = redis;
        this.clock = clock;
        this.where = where;
    }

    /**
     * A tier on the Redis at {@code url} ({@code redis://[user:password@]host[:port][/db]}, {@code rediss://} for
     * TLS). Nothing is sent yet: an unreachable Redis only shows on use.
     */
    public static RedisTier connect(URI url, String password, Duration timeout, Clock clock) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis())
                .clientName("dockerhub-proxy")
                .ssl("rediss".equalsIgnoreCase(url.getScheme()));
        String userInfo = url.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon > 0) {
                config.user(userInfo.substring(0, colon));
            }
            config.password(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
        }
        if (password != null) {
            config.password(password);
        }
        String path = url.getPath() == null ? "" : url.getPath().replace("/", "");
        if (!path.isEmpty()) {
            config.database(Integer.parseInt(path));
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(64);
        pool.setMaxIdle(16);
        pool.setMaxWait(timeout);
        pool.setJmxEnabled(false);
        HostAndPort address = new HostAndPort(url.getHost(), url.getPort() > 0 ? url.getPort() : 6379);
        return new RedisTier(new JedisPooled(pool, address, config.build()), clock, address.toString());
    }

    /** The entry for {@code key}, if Redis has one in the current format. */
    Optional<Entry> get(Resource key) {
        byte[] bytes = call(() -> redis.get(key(key)), null);
        Entry entry = bytes == null ? null : EntryCodec.decode(bytes);
        (entry == null ? misses : hits).increment();
        return Optional.ofNullable(entry);
    }

    /** Keeps {@code entry} for {@code lifetime}. */
    void put(Resource key, Entry entry, Duration lifetime) {
        if (lifetime.toMillis() > 0) {
            call(() -> redis.set(key(key), EntryCodec.encode(entry), SetParams.setParams().px(lifetime.toMillis())), null);
        }
    }

    /** Takes the fetch lock of {@code key} for at most {@code ttl}: a token to release it with, or null. */
    String lock(Resource key, Duration ttl) {
        String token = UUID.randomUUID().toString();
        String ok = call(() -> redis.set(lockKey(key), token, SetParams.setParams().nx().px(ttl.toMillis())), null);
        return "OK".equals(ok) ? token : null;
    }

    /** Whether someone holds the fetch lock of {@code key}; false when Redis cannot say. */
    boolean locked(Resource key) {
        return Boolean.TRUE.equals(call(() -> redis.exists(lockKey(key)), false));
    }

    /** Releases the lock, only if {@code token} still holds it. */
    void unlock(Resource key, String token) {
        call(() -> redis.eval(UNLOCK, List.of(lockKey(key)), List.of(token)), null);
    }

    /** Whether Redis is in use (not switched off after a failure). */
    public boolean available() {
        return !down.get();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public long errors() {
        return errors.sum();
    }

    private <T> T call(Supplier<T> operation, T fallback) {
        if (down.get() && clock.instant().isBefore(retryAt)) {
            return fallback;
        }
        try {
            T result = operation.get();
            if (down.compareAndSet(true, false)) {
                LOG.info("Redis at " + where + " is back: using the shared cache again");
            }
            return result;
        } catch (JedisException | IllegalStateException e) {
            errors.increment();
            retryAt = clock.instant().plus(RETRY_AFTER_FAILURE);
            redis.getPool().clear();   // idle connections from before the failure are most likely dead too
            if (down.compareAndSet(false, true)) {
                LOG.warning("Redis at " + where + " failed (" + e.getClass().getSimpleName()
                        + "): serving from memory and Docker Hub until it answers again");
            }
            return fallback;
        }
    }

    private static byte[] key(Resource key) {
        return (PREFIX + CacheKey.of(key)).getBytes(StandardCharsets.UTF_8);
    }

    private static String lockKey(Resource key) {
        return PREFIX + "lock:" + CacheKey.of(key);
    }

    @Override
    public void close() {
        redis.close();
    }
}
