package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds the {@code Authorization} header for Docker Hub, shared by all threads. Credentials are exchanged
 * through {@code POST /v2/auth/token} (or {@code /v2/users/login/} where that route does not exist), once,
 * under a lock, however many requests need a token at the same moment; the token is replaced before its
 * {@code exp}, and never sent once expired. A refused exchange is not repeated for a while, because Docker Hub
 * locks a username out for 10 minutes after too many logins.
 */
final class Authenticator {
    /** How long a refused login is answered from memory before Docker Hub is asked again. */
    static final Duration LOGIN_FAILURE_BACKOFF = Duration.ofSeconds(60);

    private final Credentials credentials;
    private final UpstreamHttp http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong logins = new AtomicLong();
    private final String staticHeader;
    private final UpstreamObserver observer;
    private volatile AccessToken token;
    private volatile boolean legacyLogin;
    private DockerHubException lastFailure;
    private Instant failedUntil = Instant.MIN;

    Authenticator(Credentials credentials, UpstreamHttp http, ObjectMapper mapper, Clock clock, UpstreamObserver observer) {
        this.observer = observer;
        this.credentials = credentials;
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
        this.staticHeader = credentials instanceof Credentials.Token(String value) ? "Bearer " + value : null;
    }

    /** The header to send, exchanging credentials first if needed; null when anonymous. */
    String authorization(Allowance allowance) {
        if (!(credentials instanceof Credentials.Login login)) {
            return staticHeader;
        }
        AccessToken current = token;
        if (current != null && current.fresh(clock.instant())) {
            return current.header();
        }
        lock.lock();
        try {
            current = token;
            Instant now = clock.instant();
            if (current != null && current.fresh(now)) {
                return current.header();
            }
            long before = logins.get();
            try {
                token = exchange(login, allowance);
                observer.loggedIn(true);
                return token.header();
            } catch (DockerHubException e) {
                if (logins.get() != before) {
                    observer.loggedIn(false);
                }
                if (current != null && current.usable(now)) {
                    return current.header();
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether credentials are sent at all. */
    boolean authenticated() {
        return !(credentials instanceof Credentials.Anonymous);
    }

    /** Whether a 401 can be cured by exchanging the credentials again. */
    boolean canRenew() {
        return credentials instanceof Credentials.Login;
    }

    /** Docker Hub refused {@code rejected}: forget it, unless another thread already replaced it. */
    void rejected(String rejected) {
        lock.lock();
        try {
            AccessToken current = token;
            if (current != null && current.header().equals(rejected)) {
                token = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Logins (token exchanges) made so far. */
    long logins() {
        return logins.get();
    }

    private AccessToken exchange(Credentials.Login login, Allowance allowance) {
        Instant now = clock.instant();
        if (now.isBefore(failedUntil)) {
            throw lastFailure;
        }
        String what = "login as '" + login.identifier() + "'";
        Answer answer = null;
        if (!legacyLogin) {
            logins.incrementAndGet();
            answer = http.postJson(what, "/v2/auth/token",
                    json(Map.of("identifier", login.identifier(), "secret", login.secret())), allowance);
            legacyLogin = answer.status() == 404;
        }
        if (legacyLogin) {
            logins.incrementAndGet();
            answer = http.postJson(what, "/v2/users/login/",
                    json(Map.of("username", login.identifier(), "password", login.secret())), allowance);
        }
        if (answer.ok()) {
            JsonNode body = answer.json(mapper);
            JsonNode value = body.hasNonNull("access_token") ? body.get("access_token") : body.get("token");
            if (value != null && value.isTextual() && !value.asText().isEmpty()) {
                http.redactor().add(value.asText());
                return AccessToken.of(value.asText(), now, mapper);
            }
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, answer.status(),
                    what + ": Docker Hub's answer holds no token");
        }
        DockerHubException failure = failure(what, answer, now);
        lastFailure = failure;
        failedUntil = now.plus(failure.retryAfter().filter(d -> d.compareTo(LOGIN_FAILURE_BACKOFF) > 0)
                .orElse(LOGIN_FAILURE_BACKOFF));
        throw failure;
    }

    private byte[] json(Map<String, String> body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private DockerHubException failure(String what, Answer answer, Instant now) {
        if (answer.status() == 429 || answer.status() >= 500) {
            return answer.failure(mapper, now);
        }
        boolean twoFactor = new String(answer.body(), StandardCharsets.UTF_8).contains("login_2fa_token");
        String hint = twoFactor
                ? "the account has two-factor authentication, so a password cannot log in: create a personal access "
                        + "token (dckr_pat_...) and set it as DOCKERHUB_TOKEN (with DOCKERHUB_USERNAME)"
                : "check DOCKERHUB_USERNAME and DOCKERHUB_PASSWORD or DOCKERHUB_TOKEN";
        return new DockerHubException(DockerHubException.Kind.AUTH_FAILED, answer.status(),
                what + " failed (" + answer.describe(mapper) + "); " + hint);
    }
}
