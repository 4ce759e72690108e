package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's token dance: a {@code 401} names a realm, a service and a scope; a token for the scope comes from
 * the realm — with the configured username and secret as Basic credentials, or anonymously — and is reused until
 * shortly before its {@code expires_in}. Credentials go only to the configured token service: a challenge naming
 * a realm on any other origin is refused, so a registry (or whoever answers in its place) cannot collect them.
 */
final class RegistryAuth {
    private static final Logger LOG = Logger.getLogger(RegistryAuth.class.getName());
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** Replace a token this long before it expires (a quarter of its life when that is shorter). */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private record Token(String header, Instant refreshAt) {}

    private final URI authBase;
    private final String basic;
    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    /** The realm and service of the last challenge: a due token is replaced from there without another 401. */
    private volatile Map<String, String> lastChallenge;

    /** @param credentials a login gives Basic credentials; anything else asks anonymously */
    RegistryAuth(URI authBase, Credentials credentials, UpstreamHttp http, ObjectMapper mapper, Clock clock) {
        this.authBase = authBase;
        this.basic = credentials instanceof Credentials.Login login ? "Basic " + Base64.getEncoder().encodeToString(
                (login.identifier() + ":" + login.secret()).getBytes(StandardCharsets.UTF_8)) : null;
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The {@code Authorization} header for {@code scope}: the token held, else a new one from the token service of
     * the last challenge (sparing the registry a {@code 401}), else null when no challenge has been seen yet.
     */
    String header(String scope, Allowance allowance) {
        Token token = tokens.get(scope);
        if (token != null && clock.instant().isBefore(token.refreshAt())) {
            return token.header();
        }
        Map<String, String> known = lastChallenge;
        return known == null ? null : fetch("registry token for " + scope, known, scope, allowance);
    }

    /** Answers a {@code 401}: a new token for {@code scope} from the realm it names; its {@code Authorization} header. */
    String answer(Answer challenge, String scope, Allowance allowance) {
        Map<String, String> params = challenge(challenge.headers().firstValue("WWW-Authenticate").orElse(""));
        String header = fetch(challenge.what(), params, scope, allowance);
        lastChallenge = params;
        return header;
    }

    private String fetch(String what, Map<String, String> params, String scope, Allowance allowance) {
        String realm = params.get("realm");
        if (realm == null) {
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, 401,
                    what + ": the registry asked for credentials without naming a token service");
        }
        URI realmUri = URI.create(realm);
        if (!sameOrigin(realmUri, authBase)) {
            LOG.warning(what + ": the registry named the token service " + origin(realmUri) + ", not "
                    + origin(authBase) + " (DOCKERHUB_REGISTRY_AUTH_URL): nothing was sent there");
            throw new DockerHubException(DockerHubException.Kind.AUTH_FAILED, 401, what
                    + ": the registry named a token service other than DOCKERHUB_REGISTRY_AUTH_URL; no credentials were sent");
        }
        StringBuilder query = new StringBuilder();
        if (params.containsKey("service")) {
            query.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
        }
        query.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        Answer answer = http.exchange("registry token for " + scope, "GET", tokenUri, "application/json", basic, allowance);
        if (!answer.ok()) {
            throw answer.failure(mapper, clock.instant());
        }
        JsonNode json = answer.json(mapper);
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, answer.status(),
                    "registry token for " + scope + ": the token service's answer holds no token");
        }
        Duration life = Duration.ofSeconds(Math.max(60, json.path("expires_in").asLong(60)));
        Duration margin = life.dividedBy(4).compareTo(MARGIN) < 0 ? life.dividedBy(4) : MARGIN;
        String header = "Bearer " + token;
        tokens.put(scope, new Token(header, clock.instant().plus(life).minus(margin)));
        return header;
    }

    /** The parameters of a {@code Bearer} challenge. */
    static Map<String, String> challenge(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return params;
        }
        Matcher m = PARAM.matcher(header.substring(7));
        while (m.find()) {
            params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        }
        return params;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return origin(a).equalsIgnoreCase(origin(b));
    }

    private static String origin(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme() + "://" + uri.getHost() + ":" + port;
    }
}
