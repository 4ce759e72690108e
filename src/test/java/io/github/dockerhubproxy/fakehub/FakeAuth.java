package io.github.dockerhubproxy.fakehub;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulated Docker Hub's logins: {@code /v2/auth/token} (password, personal or organisation access token →
 * a JWT with {@code exp}) and the deprecated {@code /v2/users/login/}; which tokens are valid and whose they are.
 */
final class FakeAuth {
    /** Secrets {@code /v2/auth/token} accepts, by identifier. */
    static final Map<String, List<String>> SECRETS = Map.of(
            FakeDockerHub.USERNAME, List.of(FakeDockerHub.PASSWORD, FakeDockerHub.PAT),
            "bigorg", List.of(FakeDockerHub.OAT));

    /** What a login attempt gave. */
    record Outcome(int status, String body) {}

    private final Map<String, String> identities = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final AtomicInteger serial = new AtomicInteger();
    volatile Clock clock = Clock.systemUTC();
    volatile Duration lifetime = Duration.ofMinutes(10);
    volatile boolean twoFactor;

    /** {@code POST /v2/auth/token}. */
    Outcome token(JsonNode body) {
        String identifier = body.path("identifier").asText();
        String secret = body.path("secret").asText();
        if (!SECRETS.getOrDefault(identifier, List.of()).contains(secret)) {
            return new Outcome(401, "{\"detail\":\"Incorrect authentication credentials\"}");
        }
        if (twoFactor && secret.equals(FakeDockerHub.PASSWORD)) {
            return twoFactorRequired();
        }
        return new Outcome(200, "{\"access_token\":\"" + issue(identifier) + "\"}");
    }

    /** {@code POST /v2/users/login/}. */
    Outcome login(JsonNode body) {
        String username = body.path("username").asText();
        if (!SECRETS.getOrDefault(username, List.of()).contains(body.path("password").asText())) {
            return new Outcome(401, "{\"detail\":\"Incorrect authentication credentials\"}");
        }
        if (twoFactor && body.path("password").asText().equals(FakeDockerHub.PASSWORD)) {
            return twoFactorRequired();
        }
        String token = "jwt-" + serial.incrementAndGet();
        identities.put(token, username);
        issued.add(token);
        return new Outcome(200, "{\"token\":\"" + token + "\"}");
    }

    /** Accepts {@code token} as a bearer token of {@code identity}. */
    void accept(String token, String identity) {
        identities.put(token, identity);
    }

    /** Whose token this {@code Authorization} header carries: null when invalid. */
    String identity(String authorization) {
        return authorization == null ? null : identities.get(authorization.replaceFirst("^(Bearer|JWT) ", ""));
    }

    List<String> issued() {
        return List.copyOf(issued);
    }

    void expireAll() {
        identities.clear();
    }

    private Outcome twoFactorRequired() {
        return new Outcome(401, "{\"detail\":\"Require secondary authentication on MFA enabled account\","
                + "\"login_2fa_token\":\"2fa-token\"}");
    }

    private String issue(String identifier) {
        long now = clock.instant().getEpochSecond();
        String header = base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = base64("{\"sub\":\"" + identifier + "\",\"iat\":" + now + ",\"exp\":" + (now + lifetime.toSeconds())
                + ",\"jti\":\"" + serial.incrementAndGet() + "\"}");
        String token = header + "." + payload + ".c2lnbmF0dXJl";
        identities.put(token, identifier);
        issued.add(token);
        return token;
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
