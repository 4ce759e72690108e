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
 * Holds the {@code Authorization} header for Docker Hub, shared by all threads. A login happens once, under a
 * lock, however many requests need the token at the same moment; a failed login is not repeated for a while,
 * because Docker Hub locks a username out for 10 minutes after too many logins.
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
    private volatile String header;
    private DockerHubException lastFailure;
    private Instant failedUntil = Instant.MIN;

    Authenticator(Credentials credentials, UpstreamHttp http, ObjectMapper mapper, Clock clock) {
        this.credentials = credentials;
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
        if (credentials instanceof Credentials.Token(String token)) {
            this.header = "Bearer " + token;
        }
    }

    /** The header to send, logging in first if needed; null when anonymous. */
    String authorization(Deadline deadline) {
        String current = header;
        if (current != null || !(credentials instanceof Credentials.Login login)) {
            return current;
        }
        lock.lock();
        try {
            if (header == null) {
                header = "Bearer " + login(login, deadline);
            }
            return header;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a 401 can be cured by logging in again. */
    boolean canRenew() {
        return credentials instanceof Credentials.Login;
    }

    /** Docker Hub refused {@code rejected}: forget it, unless another thread already replaced it. */
    void rejected(String rejected) {
        lock.lock();
        try {
            if (rejected != null && rejected.equals(header)) {
                header = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Logins made so far. */
    long logins() {
        return logins.get();
    }

    private String login(Credentials.Login login, Deadline deadline) {
        Instant now = clock.instant();
        if (now.isBefore(failedUntil)) {
            throw lastFailure;
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(Map.of("username", login.username(), "password", login.password()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        logins.incrementAndGet();
        String what = "login as '" + login.username() + "'";
        Answer answer = http.postJson(what, "/v2/users/login/", body, deadline);
        if (answer.ok()) {
            JsonNode token = answer.json(mapper).get("token");
            if (token != null && token.isTextual() && !token.asText().isEmpty()) {
                return token.asText();
            }
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, answer.status(),
                    what + ": Docker Hub's answer holds no token");
        }
        DockerHubException failure = loginFailure(what, answer, now);
        lastFailure = failure;
        failedUntil = now.plus(failure.retryAfter().filter(d -> d.compareTo(LOGIN_FAILURE_BACKOFF) > 0)
                .orElse(LOGIN_FAILURE_BACKOFF));
        throw failure;
    }

    private DockerHubException loginFailure(String what, Answer answer, Instant now) {
        if (answer.status() == 429 || answer.status() >= 500) {
            return answer.failure(mapper, now);
        }
        boolean twoFactor = new String(answer.body(), StandardCharsets.UTF_8).contains("login_2fa_token");
        String hint = twoFactor
                ? "the account has two-factor authentication: use a personal access token as DOCKERHUB_PASSWORD or DOCKERHUB_TOKEN"
                : "check DOCKERHUB_USERNAME and DOCKERHUB_PASSWORD";
        return new DockerHubException(DockerHubException.Kind.AUTH_FAILED, answer.status(),
                what + " failed (" + answer.describe(mapper) + "); " + hint);
    }
}
