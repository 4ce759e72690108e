package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * A client of the Docker Hub API: each method returns Docker Hub's JSON, lists as
 * {@code {"count": <upstream count>, "results": [<every item in page order, at most limit>]}}, and every
 * failure is a {@link DockerHubException} saying what failed. Safe for use by many threads at once.
 */
public final class DockerHub {
    /** Items asked for per page unless told otherwise. */
    public static final int DEFAULT_PAGE_SIZE = 100;
    /** Most repositories returned by {@link #getRepositories(String)}. */
    public static final int DEFAULT_REPOSITORY_LIMIT = 10_000;
    /** Most items returned by the other list methods. */
    public static final int DEFAULT_LIMIT = 1_000;
    /** Default requests per minute without credentials: below Docker Hub's anonymous 180. */
    public static final int ANONYMOUS_RATE = 150;
    /** Default requests per minute with credentials: below Docker Hub's authenticated 600. */
    public static final int AUTHENTICATED_RATE = 500;

    private final ObjectMapper mapper;
    private final UpstreamHttp http;
    private final Authenticator authenticator;
    private final Paginator paginator;
    private final Duration timeout;
    private final Clock clock;
    private final RateLimits rateLimits;
    private final Retries retries;
    private final Sleeper sleeper;
    private final AtomicLong retryCount = new AtomicLong();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    /** Which of a family's routes Docker Hub answers. */
    private enum Route { UNKNOWN, CURRENT, LEGACY }

    private DockerHub(Builder builder) {
        this.mapper = new ObjectMapper()
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.clock = builder.clock;
        this.timeout = builder.timeout;
        this.http = new UpstreamHttp(builder.apiUrl, builder.connectTimeout);
        this.authenticator = new Authenticator(builder.credentials, http, mapper, clock);
        this.paginator = new Paginator(mapper, builder.pageConcurrency);
        this.rateLimits = new RateLimits(builder.requestsPerMinute > 0 ? builder.requestsPerMinute
                : builder.credentials instanceof Credentials.Anonymous ? ANONYMOUS_RATE : AUTHENTICATED_RATE, clock);
        this.retries = new Retries(builder.jitter);
        this.sleeper = builder.sleeper;
    }

    /** A builder; only the API URL has no default ({@code https://hub.docker.com} is the real one). */
    public static Builder builder() {
        return new Builder();
    }

    /** The profile of a user or organisation. */
    public JsonNode getUserDetails(String username) {
        return fetch(new Resource.User(username));
    }

    /** Every repository of a user or organisation (100 per page, at most 10,000). */
    public JsonNode getRepositories(String username) {
        return getRepositories(username, DEFAULT_PAGE_SIZE, DEFAULT_REPOSITORY_LIMIT);
    }

    /** Repositories of a user or organisation, at most {@code limit}. */
    public JsonNode getRepositories(String username, int pageSize, int limit) {
        return fetch(new Resource.Repositories(username, pageSize, limit));
    }

    /** One repository. */
    public JsonNode getRepository(String username, String name) {
        return fetch(new Resource.Repository(username, name));
    }

    /** A repository's tags (100 per page, at most 1,000). */
    public JsonNode getTags(String username, String name) {
        return getTags(username, name, DEFAULT_PAGE_SIZE, DEFAULT_LIMIT);
    }

    /** A repository's tags, at most {@code limit}. */
    public JsonNode getTags(String username, String name, int pageSize, int limit) {
        return fetch(new Resource.Tags(username, name, pageSize, limit));
    }

    /** One tag, with its per-platform images. */
    public JsonNode getTag(String username, String name, String tag) {
        return fetch(new Resource.Tag(username, name, tag));
    }

    /** A tag's per-platform images, with their layers. */
    public JsonNode getTagImages(String username, String name, String tag) {
        return fetch(new Resource.TagImages(username, name, tag));
    }

    /** A repository's Dockerfile: Docker Hub's, else rebuilt from the layers of {@code latest} (linux/amd64). */
    public JsonNode getDockerfile(String username, String name) {
        return fetch(new Resource.Dockerfile(username, name));
    }

    /** A repository's automated-build settings. */
    public JsonNode getAutobuildSettings(String username, String name) {
        return fetch(new Resource.AutobuildSettings(username, name));
    }

    /** A repository's comments (100 per page, at most 1,000). */
    public JsonNode getComments(String username, String name) {
        return getComments(username, name, DEFAULT_PAGE_SIZE, DEFAULT_LIMIT);
    }

    /** A repository's comments, at most {@code limit}. */
    public JsonNode getComments(String username, String name, int pageSize, int limit) {
        return fetch(new Resource.Comments(username, name, pageSize, limit));
    }

    /** A repository's automated-build history (100 per page, at most 1,000). */
    public JsonNode getBuildHistory(String username, String name) {
        return getBuildHistory(username, name, DEFAULT_PAGE_SIZE, DEFAULT_LIMIT);
    }

    /** A repository's automated-build history, at most {@code limit}. */
    public JsonNode getBuildHistory(String username, String name, int pageSize, int limit) {
        return fetch(new Resource.BuildHistory(username, name, pageSize, limit));
    }

    /** One automated build. */
    public JsonNode getBuildDetails(String username, String name, String buildCode) {
        return fetch(new Resource.BuildDetails(username, name, buildCode));
    }

    /** Fetches any resource, within one deadline for the whole exchange. */
    public JsonNode fetch(Resource resource) {
        Deadline deadline = Deadline.after(timeout);
        Target target = Target.of(resource);
        try {
            if (resource instanceof Resource.Dockerfile dockerfile) {
                return dockerfile(dockerfile, target, deadline);
            }
            return routed(resource, target, deadline);
        } catch (DockerHubException e) {
            String retired = Retirement.of(resource);
            if (retired != null && e.kind() == DockerHubException.Kind.NOT_FOUND
                    && resource instanceof Resource.InRepository r && exists(r, deadline)) {
                throw new DockerHubException(DockerHubException.Kind.RETIRED, e.upstreamStatus(), target.what() + ": " + retired);
            }
            throw e;
        }
    }

    /** Whether requests carry credentials. */
    public boolean authenticated() {
        return authenticator.authenticated();
    }

    /** Docker Hub's current route first, its legacy route where the current one is missing; remembers which works. */
    private JsonNode routed(Resource resource, Target target, Deadline deadline) {
        if (target.legacy() == null) {
            return load(resource, target.what(), target.path(), deadline);
        }
        Route known = routes.getOrDefault(target.family(), Route.UNKNOWN);
        if (known == Route.LEGACY) {
            return load(resource, target.what(), target.legacy(), deadline);
        }
        try {
            JsonNode json = load(resource, target.what(), target.path(), deadline);
            routes.put(target.family(), Route.CURRENT);
            return json;
        } catch (DockerHubException e) {
            if (known == Route.CURRENT || e.kind() != DockerHubException.Kind.NOT_FOUND) {
                throw e;
            }
            JsonNode json = load(resource, target.what(), target.legacy(), deadline);
            routes.put(target.family(), Route.LEGACY);
            return json;
        }
    }

    private JsonNode load(Resource resource, String what, String path, Deadline deadline) {
        if (resource instanceof Resource.Paged paged) {
            String first = path + query(paged);
            return paginator.all(what, paged.limit(),
                    page -> object(what, page == 1 ? first : first + "&page=" + page, deadline));
        }
        return object(what, path, deadline);
    }

    private static String query(Resource.Paged paged) {
        StringBuilder query = new StringBuilder("?page_size=").append(paged.pageSize());
        if (paged.ordering() != null) {
            query.append("&ordering=").append(segment(paged.ordering()));
        }
        if (paged.filter() != null) {
            query.append("&name=").append(segment(paged.filter()));
        }
        return query.toString();
    }

    private boolean exists(Resource.InRepository r, Deadline deadline) {
        Resource.Repository repository = new Resource.Repository(r.username(), r.name());
        try {
            routed(repository, Target.of(repository), deadline);
            return true;
        } catch (DockerHubException e) {
            return false;
        }
    }

    /** Docker Hub's Dockerfile where it has one; else one rebuilt from the {@code latest} linux/amd64 image's layers. */
    private JsonNode dockerfile(Resource.Dockerfile resource, Target target, Deadline deadline) {
        try {
            JsonNode upstream = object(target.what(), target.path(), deadline);
            if (upstream instanceof ObjectNode object) {
                object.put("source", "dockerhub");
            }
            return upstream;
        } catch (DockerHubException e) {
            if (e.kind() != DockerHubException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        Target latest = Target.of(new Resource.TagImages(resource.username(), resource.name(), "latest"));
        JsonNode images;
        try {
            images = object(latest.what(), latest.path(), deadline);
        } catch (DockerHubException e) {
            if (e.kind() == DockerHubException.Kind.NOT_FOUND) {
                throw new DockerHubException(DockerHubException.Kind.NOT_FOUND, e.upstreamStatus(), target.what()
                        + ": not found (Docker Hub has no Dockerfile, and no 'latest' tag to rebuild one from)");
            }
            throw e;
        }
        JsonNode image = LayerDockerfile.linuxAmd64(images);
        String contents = image == null ? null : LayerDockerfile.contents(image);
        if (contents == null) {
            throw new DockerHubException(DockerHubException.Kind.NOT_FOUND, 404, target.what()
                    + ": not found (Docker Hub has no Dockerfile, and 'latest' has no linux/amd64 image with layers)");
        }
        ObjectNode rebuilt = mapper.createObjectNode();
        rebuilt.put("contents", contents);
        rebuilt.put("source", "layers");
        return rebuilt;
    }

    /** Logins made so far (for tests and metrics). */
    public long logins() {
        return authenticator.logins();
    }

    /** Retries made so far. */
    public long retries() {
        return retryCount.get();
    }

    /** Docker Hub's rate limit as last seen, and the proxy's own budget. */
    public RateLimits rateLimits() {
        return rateLimits;
    }

    /** Waits; injected so that tests do not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        /** Blocks the calling thread for {@code duration}. */
        void sleep(Duration duration);

        /** Really waits. */
        static Sleeper system() {
            return duration -> LockSupport.parkNanos(duration.toNanos());
        }
    }

    private JsonNode object(String what, String pathAndQuery, Deadline deadline) {
        Answer answer = call(what, pathAndQuery, deadline);
        if (!answer.ok()) {
            throw answer.failure(mapper, clock.instant());
        }
        JsonNode json = answer.json(mapper);
        if (!json.isContainerNode()) {
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, answer.status(),
                    what + ": Docker Hub answered with JSON that is not an object");
        }
        return json;
    }

    private Answer call(String what, String pathAndQuery, Deadline deadline) {
        for (int retry = 0; ; retry++) {
            Answer answer;
            try {
                answer = attempt(what, pathAndQuery, deadline);
            } catch (DockerHubException e) {
                if (retry < Retries.MAX_RETRIES && Retries.retryable(e) && pause(retry + 1, deadline)) {
                    continue;
                }
                throw e;
            }
            if (retry < Retries.MAX_RETRIES && Retries.retryable(answer.status()) && pause(retry + 1, deadline)) {
                continue;
            }
            return answer;
        }
    }

    private Answer attempt(String what, String pathAndQuery, Deadline deadline) {
        String authorization = authenticator.authorization(deadline);
        Answer answer = send(what, pathAndQuery, authorization, deadline);
        if (answer.status() == 401 && authorization != null && authenticator.canRenew()) {
            authenticator.rejected(authorization);
            answer = send(what, pathAndQuery, authenticator.authorization(deadline), deadline);
        }
        return answer;
    }

    private Answer send(String what, String pathAndQuery, String authorization, Deadline deadline) {
        Duration wait = rateLimits.acquire(what);
        if (!wait.isZero()) {
            if (!deadline.allows(wait)) {
                rateLimits.release();
                throw new DockerHubException(DockerHubException.Kind.RATE_LIMITED, 0, what
                        + ": the proxy's own upstream rate limit (UPSTREAM_RATE_LIMIT) is used up", wait, null);
            }
            sleeper.sleep(wait);
        }
        Answer answer = http.get(what, pathAndQuery, authorization, deadline);
        rateLimits.observe(answer);
        return answer;
    }

    private boolean pause(int retry, Deadline deadline) {
        Duration wait = retries.backoff(retry);
        if (!deadline.allows(wait)) {
            return false;
        }
        retryCount.incrementAndGet();
        sleeper.sleep(wait);
        return true;
    }

    /** Encodes one path segment: everything but unreserved characters is percent-encoded. */
    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Builds a {@link DockerHub}. */
    public static final class Builder {
        private URI apiUrl = URI.create("https://hub.docker.com");
        private Credentials credentials = Credentials.anonymous();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration timeout = Duration.ofSeconds(20);
        private int pageConcurrency = 16;
        private Clock clock = Clock.systemUTC();
        private int requestsPerMinute;
        private Sleeper sleeper = Sleeper.system();
        private DoubleSupplier jitter = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /** Most requests sent to Docker Hub per minute; 0 (default): 150 anonymous, 500 with credentials. */
        public Builder requestsPerMinute(int requestsPerMinute) {
            if (requestsPerMinute < 0) {
                throw new IllegalArgumentException("requestsPerMinute must be 0 or more, was " + requestsPerMinute);
            }
            this.requestsPerMinute = requestsPerMinute;
            return this;
        }

        /** How to wait for a retry or for rate-limit budget (tests record instead of waiting). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** Source of retry jitter, numbers in [0, 1). */
        public Builder jitter(DoubleSupplier jitter) {
            this.jitter = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        /** Docker Hub's API base URL, e.g. {@code https://hub.docker.com}. */
        public Builder apiUrl(URI apiUrl) {
            String text = Objects.requireNonNull(apiUrl, "apiUrl").toString();
            this.apiUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            return this;
        }

        /** Who to be on Docker Hub; anonymous by default. */
        public Builder credentials(Credentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** How long to wait for a connection (5 s by default). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** Deadline of one whole call, every page and retry included (20 s by default). */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** Pages of one list fetched at the same time (16 by default). */
        public Builder pageConcurrency(int pageConcurrency) {
            if (pageConcurrency < 1) {
                throw new IllegalArgumentException("pageConcurrency must be at least 1, was " + pageConcurrency);
            }
            this.pageConcurrency = pageConcurrency;
            return this;
        }

        /** The clock for rate-limit and login bookkeeping. */
        public Builder clock(Clock clock) {
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
}
