package io.github.dockerhubproxy;

import io.github.dockerhubproxy.server.CorsPolicy;
import io.github.dockerhubproxy.watch.WatchSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy's settings, read once at startup from the environment (and secret files) into an immutable
 * value; any bad value stops the start with a {@link ConfigException} naming the variable.
 *
 * @param httpHost address to listen on ({@code HTTP_HOST})
 * @param httpPort port to listen on, 0 for any free port ({@code HTTP_PORT})
 * @param cors allowed browser origins ({@code CORS_ORIGINS})
 * @param username Docker Hub username ({@code DOCKERHUB_USERNAME}), may be null
 * @param password Docker Hub password ({@code DOCKERHUB_PASSWORD}), may be null
 * @param token Docker Hub bearer token ({@code DOCKERHUB_TOKEN}), may be null
 * @param apiUrl Docker Hub API base URL ({@code DOCKERHUB_API_URL})
 * @param cacheTtl how long a successful answer is served from the cache ({@code CACHE_TTL})
 * @param notFoundTtl how long an upstream 404 is remembered ({@code CACHE_NOT_FOUND_TTL})
 * @param cacheMaxStale how long past its TTL an answer may be served while Docker Hub fails ({@code CACHE_MAX_STALE})
 * @param cacheMaxBytes bound of the in-memory cache ({@code CACHE_MAX_MB})
 * @param connectTimeout upstream connect timeout ({@code UPSTREAM_CONNECT_TIMEOUT})
 * @param upstreamTimeout deadline of one whole upstream exchange ({@code UPSTREAM_TIMEOUT})
 * @param pageConcurrency pages of one list fetched at once ({@code UPSTREAM_PAGE_CONCURRENCY})
 * @param upstreamRateLimit most upstream requests per minute, 0 for the default ({@code UPSTREAM_RATE_LIMIT})
 * @param showPrivate whether private repositories are served ({@code SHOW_PRIVATE})
 * @param maxRepositories cap and default of {@code limit} on repository lists ({@code LIST_MAX_REPOSITORIES})
 * @param maxItems cap and default of {@code limit} on the other lists ({@code LIST_MAX_ITEMS})
 * @param accessLog whether each request is logged ({@code ACCESS_LOG})
 * @param shutdownTimeout how long in-flight requests may take to finish on SIGTERM ({@code SHUTDOWN_TIMEOUT})
 * @param gitCommit the build's git commit ({@code GIT_COMMIT}), "unknown" when not set
 * @param buildTimestamp when it was built, epoch seconds ({@code BUILD_TIMESTAMP}), 0 when not set
 * @param redisUrl the shared Redis tier ({@code REDIS_URL}), null for memory only
 * @param redisPassword Redis password ({@code REDIS_PASSWORD}), may be null
 * @param redisTimeout timeout of every Redis call ({@code REDIS_TIMEOUT})
 * @param upstreamMaxBodyBytes most bytes read of one upstream answer ({@code UPSTREAM_MAX_BODY_MB})
 * @param listMaxBytes most bytes read for one assembled list, every page included ({@code LIST_MAX_MB})
 * @param maxConnections most client connections open at once, 0 for what the descriptor limit allows
 *     ({@code HTTP_MAX_CONNECTIONS})
 * @param headerTimeout longest a client may take to send a request's head ({@code HTTP_HEADER_TIMEOUT})
 * @param idleTimeout longest a kept-alive client connection may sit idle ({@code HTTP_IDLE_TIMEOUT})
 * @param registryUrl the registry ({@code DOCKERHUB_REGISTRY_URL})
 * @param registryAuthUrl the only token service credentials are sent to ({@code DOCKERHUB_REGISTRY_AUTH_URL})
 * @param watch the watch list ({@code WATCH}, {@code WATCH_INTERVAL}, {@code DATABASE_URL}, {@code DATABASE_PASSWORD},
 *     {@code WEBHOOK_URLS}, {@code WEBHOOK_SECRET})
 */
public record Config(
        String httpHost,
        int httpPort,
        CorsPolicy cors,
        String username,
        String password,
        String token,
        URI apiUrl,
        Duration cacheTtl,
        Duration notFoundTtl,
        Duration cacheMaxStale,
        long cacheMaxBytes,
        Duration connectTimeout,
        Duration upstreamTimeout,
        int pageConcurrency,
        int upstreamRateLimit,
        boolean showPrivate,
        int maxRepositories,
        int maxItems,
        boolean accessLog,
        Duration shutdownTimeout,
        String gitCommit,
        double buildTimestamp,
        URI redisUrl,
        String redisPassword,
        Duration redisTimeout,
        long upstreamMaxBodyBytes,
        long listMaxBytes,
        int maxConnections,
        Duration headerTimeout,
        Duration idleTimeout,
        URI registryUrl,
        URI registryAuthUrl,
        WatchSettings watch) {

    /** Every variable the proxy reads (each may also be given as {@code NAME_FILE} or in {@code SECRETS_FILE}). */
    public static final List<String> VARIABLES = List.of("HTTP_HOST", "HTTP_PORT", "CORS_ORIGINS",
            "DOCKERHUB_USERNAME", "DOCKERHUB_PASSWORD", "DOCKERHUB_TOKEN", "DOCKERHUB_API_URL", "CACHE_TTL",
            "CACHE_NOT_FOUND_TTL", "CACHE_MAX_STALE", "CACHE_MAX_MB", "UPSTREAM_CONNECT_TIMEOUT", "UPSTREAM_TIMEOUT",
            "UPSTREAM_PAGE_CONCURRENCY", "UPSTREAM_RATE_LIMIT", "SHOW_PRIVATE", "LIST_MAX_REPOSITORIES", "LIST_MAX_ITEMS",
            "ACCESS_LOG", "SHUTDOWN_TIMEOUT", "GIT_COMMIT", "BUILD_TIMESTAMP", "REDIS_URL", "REDIS_PASSWORD", "REDIS_TIMEOUT",
            "UPSTREAM_MAX_BODY_MB", "LIST_MAX_MB", "HTTP_MAX_CONNECTIONS", "HTTP_HEADER_TIMEOUT", "HTTP_IDLE_TIMEOUT",
            "DOCKERHUB_REGISTRY_URL", "DOCKERHUB_REGISTRY_AUTH_URL", "WATCH", "WATCH_INTERVAL", "DATABASE_URL",
            "DATABASE_PASSWORD", "WEBHOOK_URLS", "WEBHOOK_SECRET", "SECRETS_FILE");

    /** Longest time a 404 may be cached, whatever the configuration says. */
    static final Duration MAX_NOT_FOUND_TTL = Duration.ofSeconds(60);

    /** Reads and validates every setting. */
    public static Config fromEnvironment(Map<String, String> variables) {
        Environment env = Environment.of(variables);
        String username = env.get("DOCKERHUB_USERNAME").orElse(null);
        String password = env.get("DOCKERHUB_PASSWORD").orElse(null);
        String token = env.get("DOCKERHUB_TOKEN").orElse(null);
        if (username != null && password == null && token == null) {
            throw new ConfigException("DOCKERHUB_PASSWORD", "required when DOCKERHUB_USERNAME is set (or set DOCKERHUB_TOKEN)");
        }
        if (token != null && isAccessToken(token) && username == null) {
            throw new ConfigException("DOCKERHUB_USERNAME", "required to exchange a dckr_pat_/dckr_oat_ DOCKERHUB_TOKEN "
                    + "(your Docker ID, or the organisation's name for an organisation access token)");
        }
        if (password != null && username == null) {
            throw new ConfigException("DOCKERHUB_USERNAME", "required when DOCKERHUB_PASSWORD is set");
        }
        Duration cacheTtl = env.seconds("CACHE_TTL", "300");
        Duration notFoundTtl = env.seconds("CACHE_NOT_FOUND_TTL", "30");
        if (notFoundTtl.compareTo(MAX_NOT_FOUND_TTL) > 0) {
            throw new ConfigException("CACHE_NOT_FOUND_TTL", "must be at most 60 seconds");
        }
        return new Config(
                env.get("HTTP_HOST").orElse("127.0.0.1"),
                env.integer("HTTP_PORT", "5000", 0, 65535),
                cors(env),
                username,
                password,
                token,
                httpUrl(env, "DOCKERHUB_API_URL", "https://hub.docker.com"),
                cacheTtl,
                notFoundTtl,
                env.seconds("CACHE_MAX_STALE", "86400"),
                env.integer("CACHE_MAX_MB", Long.toString(defaultCacheMegabytes()), 1, 1 << 20) * 1024L * 1024L,
                env.positiveSeconds("UPSTREAM_CONNECT_TIMEOUT", "5"),
                env.positiveSeconds("UPSTREAM_TIMEOUT", "20"),
                env.integer("UPSTREAM_PAGE_CONCURRENCY", "16", 1, 256),
                env.integer("UPSTREAM_RATE_LIMIT", "0", 0, 1_000_000),
                env.bool("SHOW_PRIVATE", "false"),
                env.integer("LIST_MAX_REPOSITORIES", "10000", 1, 1_000_000),
                env.integer("LIST_MAX_ITEMS", "1000", 1, 1_000_000),
                env.bool("ACCESS_LOG", "true"),
                env.seconds("SHUTDOWN_TIMEOUT", "10"),
                env.get("GIT_COMMIT").orElse("unknown"),
                timestamp(env),
                redisUrl(env),
                env.get("REDIS_PASSWORD").orElse(null),
                env.positiveSeconds("REDIS_TIMEOUT", "0.25"),
                env.megabytes("UPSTREAM_MAX_BODY_MB", "4"),
                env.megabytes("LIST_MAX_MB", Long.toString(defaultListMegabytes())),
                env.integer("HTTP_MAX_CONNECTIONS", "0", 0, 1_000_000),
                env.positiveSeconds("HTTP_HEADER_TIMEOUT", "10"),
                env.positiveSeconds("HTTP_IDLE_TIMEOUT", "30"),
                httpUrl(env, "DOCKERHUB_REGISTRY_URL", "https://registry-1.docker.io"),
                httpUrl(env, "DOCKERHUB_REGISTRY_AUTH_URL", "https://auth.docker.io"),
                WatchEnvironment.read(env));
    }

    /** Shown at startup: every setting, secrets as {@code ***}. */
    @Override
    public String toString() {
        return "host=" + httpHost + " port=" + httpPort + " upstream=" + apiUrl + " registry=" + registryUrl
                + " registry_auth=" + registryAuthUrl
                + " auth=" + authSummary() + " cors=" + cors
                + " cache_ttl=" + cacheTtl.toSeconds() + "s not_found_ttl=" + notFoundTtl.toSeconds() + "s"
                + " max_stale=" + cacheMaxStale.toSeconds() + "s"
                + " cache_max=" + (cacheMaxBytes >> 20) + "MB"
                + " connect_timeout=" + connectTimeout.toMillis() + "ms timeout=" + upstreamTimeout.toMillis() + "ms"
                + " page_concurrency=" + pageConcurrency
                + " rate_limit=" + (upstreamRateLimit > 0 ? upstreamRateLimit + "/min" : "default")
                + " show_private=" + showPrivate + " list_max=" + maxRepositories + "/" + maxItems
                + " access_log=" + accessLog + " shutdown_timeout=" + shutdownTimeout.toSeconds() + "s commit=" + gitCommit
                + " max_body=" + megabytes(upstreamMaxBodyBytes) + "MB list_max_bytes=" + megabytes(listMaxBytes) + "MB"
                + " max_connections=" + (maxConnections > 0 ? maxConnections : "auto")
                + " header_timeout=" + headerTimeout.toMillis() + "ms idle_timeout=" + idleTimeout.toMillis() + "ms"
                + " redis=" + (redisUrl == null ? "off" : redisUrl.getScheme() + "://" + redisUrl.getHost() + ":"
                        + (redisUrl.getPort() > 0 ? redisUrl.getPort() : 6379) + redisUrl.getPath()
                        + (redisUrl.getUserInfo() != null || redisPassword != null ? " (password ***)" : ""))
                + " watch=" + watch;
    }

    private String authSummary() {
        if (token != null) {
            return isAccessToken(token) ? "access-token(" + username + ", ***)" : "token(***)";
        }
        return username != null ? "login(" + username + ", ***)" : "anonymous";
    }

    /** A quarter of the heap, at most 64 MB: the cache must fit the heap the JVM was given. */
    static long defaultCacheMegabytes() {
        return Math.max(1, Math.min(64, Runtime.getRuntime().maxMemory() / 4 / (1024 * 1024)));
    }

    /** An eighth of the heap, from 4 to 32 MB: an assembled list is held whole, and its JSON tree is larger still. */
    static long defaultListMegabytes() {
        return Math.max(4, Math.min(32, Runtime.getRuntime().maxMemory() / 8 / (1024 * 1024)));
    }

    private static String megabytes(long bytes) {
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1 << 20)).stripTrailingZeros().toPlainString();
    }

    /** Whether a token is a personal or organisation access token, exchanged for a short-lived one. */
    public static boolean isAccessToken(String token) {
        return token.startsWith("dckr_pat_") || token.startsWith("dckr_oat_");
    }

    /** {@code BUILD_TIMESTAMP}: epoch seconds (the original's format) or an ISO-8601 instant. */
    private static double timestamp(Environment env) {
        String raw = env.get("BUILD_TIMESTAMP").orElse("0").strip();
        try {
            return Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            try {
                return java.time.Instant.parse(raw).getEpochSecond();
            } catch (java.time.format.DateTimeParseException notIso) {
                throw new ConfigException("BUILD_TIMESTAMP", "'" + raw + "' is neither epoch seconds nor an ISO-8601 instant");
            }
        }
    }

    private static CorsPolicy cors(Environment env) {
        Optional<String> value = env.get("CORS_ORIGINS", true);
        try {
            return value.map(CorsPolicy::parse).orElseGet(CorsPolicy::localhostOnly);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CORS_ORIGINS", e.getMessage());
        }
    }

    private static URI redisUrl(Environment env) {
        Optional<String> raw = env.get("REDIS_URL");
        if (raw.isEmpty()) {
            return null;
        }
        String problem = "not a Redis URL like redis://host:6379/0 or rediss://host:6380 (the value is not shown: it may hold a password)";
        try {
            URI uri = new URI(raw.get().strip());
            boolean redis = "redis".equalsIgnoreCase(uri.getScheme()) || "rediss".equalsIgnoreCase(uri.getScheme());
            String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
            if (!redis || uri.getHost() == null || !path.matches("[0-9]{0,2}")) {
                throw new ConfigException("REDIS_URL", problem);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("REDIS_URL", problem);
        }
    }

    /** An http(s) base URL without user info, query or fragment (a trailing slash is dropped). */
    private static URI httpUrl(Environment env, String name, String fallback) {
        String raw = env.get(name).orElse(fallback);
        String problem = "'" + raw + "' is not an http(s) URL like " + fallback;
        try {
            URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!web || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || uri.getRawUserInfo() != null) {
                throw new ConfigException(name, problem);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(name, problem);
        }
    }

}
