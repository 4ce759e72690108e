package io.github.dockerhubproxy.upstream;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Takes secrets out of upstream text before it reaches an error message, a log line or the cache: every configured
 * secret and every token Docker Hub issued (also as JSON would escape them), and anything shaped like a credential —
 * an {@code Authorization} value, a JWT, a Docker access token.
 */
final class Redactor {
    static final String MASK = "***";
    private static final Pattern CREDENTIAL_SHAPES = Pattern.compile(
            "(?i)\\b(bearer|basic|jwt|token)\\s+[^\\s\"',;}]+"
                    + "|eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"
                    + "|dckr_(pat|oat)_[A-Za-z0-9_-]+");
    /** Shorter values are not taken for secrets: masking them would mangle ordinary words. */
    private static final int MIN_SECRET = 4;

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    /** A redactor that knows the secrets of {@code credentials}. */
    static Redactor of(Credentials credentials) {
        Redactor redactor = new Redactor();
        switch (credentials) {
            case Credentials.Token(String token) -> redactor.add(token);
            case Credentials.Login(String identifier, String secret) -> redactor.add(secret);
            case Credentials.Anonymous anonymous -> { }
        }
        return redactor;
    }

    /** Remembers one more secret (a token Docker Hub issued). */
    void add(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET) {
            secrets.add(secret);
            secrets.add(secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
        }
    }

    /** {@code text} with every secret and credential-shaped value replaced by {@code ***}. */
    String clean(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return CREDENTIAL_SHAPES.matcher(out).replaceAll(MASK);
    }
}
