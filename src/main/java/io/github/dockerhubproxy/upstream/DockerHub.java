package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

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
    private final Duration timeout;
    private final long maxListBytes;
    private final MemoryPool memory;
    private final LongSupplier nanoTime;
    private final Clock clock;
    private final RateLimits rateLimits;
    private final Exchanges exchanges;
    private final HubRoutes hubRoutes;
    private final Registry registry;
    private final ImageFacts facts;


    DockerHub(DockerHubBuilder builder) {
        this.mapper = new ObjectMapper()
                .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.clock = builder.clock;
        this.timeout = builder.timeout;
        this.maxListBytes = builder.maxListBytes;
        this.nanoTime = builder.nanoTime;
        this.memory = builder.maxBytesInFlight > 0 ? new MemoryPool(builder.maxBytesInFlight) : MemoryPool.quarterOfHeap();
        this.http = new UpstreamHttp(builder.apiUrl, builder.connectTimeout, builder.maxBodyBytes,
                Redactor.of(builder.credentials));
        this.authenticator = new Authenticator(builder.credentials, http, mapper, clock, builder.observer);
        Paginator paginator = new Paginator(mapper, builder.pageConcurrency);
        this.rateLimits = new RateLimits(builder.credentials instanceof Credentials.Anonymous ? ANONYMOUS_RATE : AUTHENTICATED_RATE,
                builder.requestsPerMinute, clock);
        this.registry = new Registry(builder.registryUrl, builder.registryAuthUrl, builder.credentials, builder.connectTimeout,
                builder.timeout, builder.maxBodyBytes, builder.registryCacheBytes, clock, nanoTime, memory,
                new Retries(builder.jitter), builder.sleeper, builder.observer);
        this.facts = new ImageFacts(registry);
        this.exchanges = new Exchanges(http, authenticator, rateLimits, new Retries(builder.jitter), builder.sleeper,
                builder.observer, mapper, clock, builder.apiUrl.toString());
        this.hubRoutes = new HubRoutes(exchanges, paginator);
    }

    /** A builder; only the API URL has no default ({@code https://hub.docker.com} is the real one). */
    public static DockerHubBuilder builder() {
        return new DockerHubBuilder();
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
        Allowance allowance = Allowance.of(nanoTime, timeout, maxListBytes, memory);
        try {
            return fetch(resource, allowance);
        } finally {
            allowance.release();
        }
    }

    private JsonNode fetch(Resource resource, Allowance allowance) {
        if (resource instanceof Resource.FromRegistry fromRegistry) {
            return facts.answer(fromRegistry, allowance);
        }
        if (resource instanceof Resource.FromTags fromTags) {
            JsonNode tags = fetch(new Resource.Tags(fromTags.username(), fromTags.name(), Resource.MAX_PAGE_SIZE,
                    DEFAULT_REPOSITORY_LIMIT, "-last_updated", null), allowance);
            return facts.answer(fromTags, tags, allowance);
        }
        Target target = Target.of(resource);
        try {
            if (resource instanceof Resource.Dockerfile dockerfile) {
                return LayerDockerfile.fetch(dockerfile, target, exchanges, allowance, mapper);
            }
            return hubRoutes.json(resource, target, allowance);
        } catch (DockerHubException e) {
            if (e.kind() != DockerHubException.Kind.NOT_FOUND || !(resource instanceof Resource.InRepository r)) {
                throw e;
            }
            String retired = Retirement.of(resource, clock.instant());
            String absent = Retirement.absent(resource);
            if ((retired != null || absent != null) && hubRoutes.exists(r, allowance)) {
                throw retired != null
                        ? new DockerHubException(DockerHubException.Kind.RETIRED, e.upstreamStatus(), target.what() + ": " + retired)
                        : new DockerHubException(DockerHubException.Kind.NOT_FOUND, e.upstreamStatus(), target.what() + ": " + absent);
            }
            throw e;
        }
    }

    /** The registry client beside this Docker Hub client (tags' digests, manifests, configs, the pull quota). */
    public Registry registry() {
        return registry;
    }

    /** Whether requests carry credentials. */
    public boolean authenticated() {
        return authenticator.authenticated();
    }

    /** Logins made so far (for tests and metrics). */
    public long logins() {
        return authenticator.logins();
    }

    /** Retries made so far. */
    public long retries() {
        return exchanges.retries();
    }

    /** Bytes of upstream answers held now by calls under way (bounded by a quarter of the heap). */
    public long bytesInFlight() {
        return memory.held();
    }

    /** Requests to Docker Hub under way now. */
    public int inFlight() {
        return exchanges.inFlight();
    }

    /** When Docker Hub was last asked, whether it answered (a 5xx or 429 counts as not), and what went wrong. */
    public Optional<Contact> lastContact() {
        return Optional.ofNullable(exchanges.lastContact());
    }

    /**
     * The last contact with Docker Hub.
     *
     * @param at when
     * @param ok whether Docker Hub answered (other than 5xx or 429)
     * @param problem what went wrong, or null
     */
    public record Contact(Instant at, boolean ok, String problem) {}

    /** Docker Hub's rate limit as last seen, and the proxy's own budget. */
    public RateLimits rateLimits() {
        return rateLimits;
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
}
