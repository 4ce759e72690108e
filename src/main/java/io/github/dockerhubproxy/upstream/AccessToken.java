package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A token Docker Hub handed out, and when to replace it: once less than min(60 s, a quarter of its
 * lifetime) remains before the JWT's {@code exp}. A token without {@code exp} is kept until Docker Hub refuses it.
 */
record AccessToken(String header, Instant refreshAt, Instant expiresAt) {
    /** Replace a token at the latest this long before it expires. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);

    static AccessToken of(String token, Instant receivedAt, ObjectMapper mapper) {
        String header = "Bearer " + token;
        JsonNode claims = claims(token, mapper);
        if (claims == null || !claims.path("exp").canConvertToLong()) {
            return new AccessToken(header, Instant.MAX, Instant.MAX);
        }
        Instant expires = Instant.ofEpochSecond(claims.get("exp").asLong());
        Instant issued = claims.path("iat").canConvertToLong() ? Instant.ofEpochSecond(claims.get("iat").asLong()) : receivedAt;
        Duration lifetime = Duration.between(issued, expires);
        Duration margin = lifetime.dividedBy(4).compareTo(REFRESH_MARGIN) < 0 ? lifetime.dividedBy(4) : REFRESH_MARGIN;
        return new AccessToken(header, expires.minus(margin), expires);
    }

    boolean fresh(Instant now) {
        return now.isBefore(refreshAt);
    }

    boolean usable(Instant now) {
        return now.isBefore(expiresAt);
    }

    private static JsonNode claims(String token, ObjectMapper mapper) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            return mapper.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
