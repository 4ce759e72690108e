package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A client of the Docker registry (the Registry HTTP API v2 / OCI distribution API at {@code registry-1.docker.io}),
 * beside the Docker Hub client: a tag is resolved to its digest with {@code HEAD} (not a pull); manifests and blobs
 * are fetched by digest, verified against it, and kept for as long as memory allows (what a digest names never
 * changes). Blob downloads follow the registry's redirect without the {@code Authorization} header. Failures are
 * {@link DockerHubException}s. Safe for use by many threads at once.
 */
public final class Registry {
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** What a manifest request accepts: both index forms and both manifest forms. */
    static final String MANIFEST_TYPES = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** The repository Docker documents for reading the pull quota without spending it. */
    static final String QUOTA_REPOSITORY = "ratelimitpreview/test";

    /** A manifest or index: its media type and bytes, verified against its digest. */
    public record Manifest(String digest, String mediaType, byte[] bytes) {
        /** Whether this is an index (OCI) or manifest list (Docker) rather than one platform's manifest. */
        public boolean isIndex() {
            return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
        }
    }

    private final URI base;
    private final UpstreamHttp http;
    private final RegistryAuth auth;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Duration timeout;
    private final long maxBodyBytes;
    private final MemoryPool memory;
    private final Retries retries;
    private final Sleeper sleeper;
    private final UpstreamObserver observer;
    private final Cache<String, Manifest> byDigest;
    /** How long a quota read is reused: {@code /ratelimit} must not cost the registry a request every time. */
    static final Duration QUOTA_FRESH = Duration.ofSeconds(60);

    private record Read(PullQuota quota, DockerHubException failure, Instant at) {}

    private volatile Read lastQuota;

    /**
     * @param base the registry ({@code DOCKERHUB_REGISTRY_URL})
     * @param authBase the only token service credentials are sent to ({@code DOCKERHUB_REGISTRY_AUTH_URL})
     * @param credentials a login is sent to the token service as Basic credentials; otherwise tokens are anonymous
     * @param cacheBytes bound of the manifests and blobs kept by digest
     */
    public Registry(URI base, URI authBase, Credentials credentials, Duration connectTimeout, Duration timeout,
            long maxBodyBytes, long cacheBytes, Clock clock, LongSupplier nanoTime) {
        this(base, authBase, credentials, connectTimeout, timeout, maxBodyBytes, cacheBytes, clock, nanoTime,
                MemoryPool.quarterOfHeap(), new Retries(() -> 0.5), Sleeper.system(), UpstreamObserver.NONE);
    }

    /** Beside a Docker Hub client: the same memory for answers in flight, retries, waits and metrics. */
    Registry(URI base, URI authBase, Credentials credentials, Duration connectTimeout, Duration timeout,
            long maxBodyBytes, long cacheBytes, Clock clock, LongSupplier nanoTime, MemoryPool memory, Retries retries,
            Sleeper sleeper, UpstreamObserver observer) {
        this.memory = memory;
        this.retries = retries;
        this.sleeper = sleeper;
        this.observer = observer;
        this.base = base;
        this.http = new UpstreamHttp(base, connectTimeout, maxBodyBytes, Redactor.of(credentials));
        this.auth = new RegistryAuth(authBase, credentials, http, mapper, clock);
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.byDigest = Caffeine.newBuilder().maximumWeight(cacheBytes)
                .weigher((String digest, Manifest m) -> m.bytes().length + 256).build();
    }

    /** The digest {@code reference} (a tag) points at now, read with {@code HEAD}: no pull is spent. */
    public String resolve(String repository, String reference) {
        return withAllowance(allowance -> resolve(repository, reference, allowance));
    }

    String resolve(String repository, String reference, Allowance allowance) {
        String what = "manifest of '" + repository + ":" + reference + "'";
        Answer answer = authorized(what, "HEAD", repository, manifestUri(repository, reference), allowance);
        String digest = answer.headers().firstValue("Docker-Content-Digest").orElse("");
        if (!DIGEST.matcher(digest).matches()) {
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, answer.status(),
                    what + ": the registry named no sha256 digest (Docker-Content-Digest: '" + shorten(digest) + "')");
        }
        return digest;
    }

    /** The manifest (or index) with this digest: from memory, else fetched and verified. */
    public Manifest manifest(String repository, String digest) {
        return withAllowance(allowance -> manifest(repository, digest, allowance));
    }

    Manifest manifest(String repository, String digest, Allowance allowance) {
        checkDigest(digest);
        Manifest kept = byDigest.getIfPresent(digest);
        if (kept != null) {
            return kept;
        }
        String what = "manifest " + digest + " of '" + repository + "'";
        Answer answer = authorized(what, "GET", repository, manifestUri(repository, digest), allowance);
        verify(what, digest, answer.body());
        String type = answer.headers().firstValue("Content-Type").map(t -> t.split(";")[0].strip())
                .orElseGet(() -> mediaType(answer.body()));
        Manifest manifest = new Manifest(digest, type, answer.body());
        byDigest.put(digest, manifest);
        return manifest;
    }

    /** The blob with this digest (an image config), from memory, else fetched through the registry's redirect and verified. */
    public byte[] blob(String repository, String digest) {
        return withAllowance(allowance -> blob(repository, digest, allowance));
    }

    byte[] blob(String repository, String digest, Allowance allowance) {
        checkDigest(digest);
        Manifest kept = byDigest.getIfPresent(digest);
        if (kept != null) {
            return kept.bytes();
        }
        String what = "blob " + digest + " of '" + repository + "'";
        Answer answer = authorized(what, "GET", repository, base.resolve("/v2/" + repository + "/blobs/" + digest), allowance);
        if (answer.status() / 100 == 3) {
            String location = answer.headers().firstValue("Location").orElseThrow(() -> new DockerHubException(
                    DockerHubException.Kind.BAD_RESPONSE, answer.status(), what + ": a redirect without a Location"));
            // the blob's host (a CDN) gets no credentials: the signed URL is the permission
            Answer download = send(what, "cdn", "GET", base.resolve("/v2/").resolve(location), "*/*", null, allowance);
            if (!download.ok()) {
                throw download.failure(mapper, clock.instant());
            }
            verify(what, digest, download.body());
            byDigest.put(digest, new Manifest(digest, "application/octet-stream", download.body()));
            return download.body();
        }
        verify(what, digest, answer.body());
        byDigest.put(digest, new Manifest(digest, "application/octet-stream", answer.body()));
        return answer.body();
    }

    /** The pull quota, read with a {@code HEAD} on the repository Docker documents for it, at most once a {@link #QUOTA_FRESH}. */
    public PullQuota quota() {
        Read last = lastQuota;
        if (last == null || !clock.instant().isBefore(last.at().plus(QUOTA_FRESH))) {
            try {
                last = new Read(readQuota(), null, clock.instant());
            } catch (DockerHubException e) {
                last = new Read(null, e, clock.instant());   // a failure is not asked again at once either
            }
            lastQuota = last;
        }
        if (last.failure() != null) {
            throw last.failure();
        }
        return last.quota();
    }

    private PullQuota readQuota() {
        Answer answer = withAllowance(allowance ->
                authorized("pull quota", "HEAD", QUOTA_REPOSITORY, manifestUri(QUOTA_REPOSITORY, "latest"), allowance));
        return PullQuota.of(answer.headers());
    }

    /** The JSON of a manifest, index or config. */
    public JsonNode json(String what, byte[] bytes) {
        return new Answer(what, 200, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true), bytes).json(mapper);
    }

    /** Sends with the token held for the repository's scope; on a 401, answers the challenge and sends once more. */
    private Answer authorized(String what, String method, String repository, URI uri, Allowance allowance) {
        String scope = "repository:" + repository + ":pull";
        String accept = uri.getPath().contains("/manifests/") ? MANIFEST_TYPES : "*/*";
        String route = uri.getPath().contains("/manifests/") ? "registry /v2/{repository}/manifests/{reference}"
                : "registry /v2/{repository}/blobs/{digest}";
        Answer answer = send(what, route, method, uri, accept, auth.header(scope, allowance), allowance);
        if (answer.status() == 401) {
            answer = send(what, route, method, uri, accept, auth.answer(answer, scope, allowance), allowance);
        }
        if (answer.status() / 100 != 2 && answer.status() / 100 != 3) {
            throw answer.failure(mapper, clock.instant());
        }
        return answer;
    }

    /** One exchange, timed for the metrics, tried again after a 502, 503 or 504 while the deadline allows. */
    private Answer send(String what, String route, String method, URI uri, String accept, String authorization,
            Allowance allowance) {
        for (int retry = 1; ; retry++) {
            long start = nanoTime.getAsLong();
            Answer answer;
            try {
                answer = http.exchange(what, method, uri, accept, authorization, allowance);
            } catch (DockerHubException e) {
                observer.exchanged(route, 0, nanoTime.getAsLong() - start);
                throw e;
            }
            observer.exchanged(route, answer.status(), nanoTime.getAsLong() - start);
            Duration wait = retries.backoff(retry);
            if (!Retries.retryable(answer.status()) || retry > Retries.MAX_RETRIES || !allowance.allows(wait)) {
                return answer;
            }
            observer.retried(route);
            sleeper.sleep(wait);
        }
    }

    private URI manifestUri(String repository, String reference) {
        return base.resolve("/v2/" + repository + "/manifests/" + reference);
    }

    /** Runs one operation within its own deadline and memory allowance, given back when it ends. */
    private <T> T withAllowance(java.util.function.Function<Allowance, T> operation) {
        Allowance allowance = Allowance.of(nanoTime, timeout, maxBodyBytes, memory);
        try {
            return operation.apply(allowance);
        } finally {
            allowance.release();
        }
    }

    private String mediaType(byte[] bytes) {
        return json("manifest", bytes).path("mediaType").asText("");
    }

    private static void checkDigest(String digest) {
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
    }

    private static void verify(String what, String digest, byte[] body) {
        try {
            String actual = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            if (!actual.equals(digest)) {
                throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, 200,
                        what + ": the bytes the registry sent have digest " + actual + "; nothing was kept");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String shorten(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
