package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes one logical GET to Docker Hub: with the current token (exchanged again once on a 401), within the
 * rate limit, retried when that is safe, observed, and answered as JSON or as a {@link DockerHubException}.
 */
final class Exchanges {
    /**
     * Longest a request waits for upstream budget: past it a client gets the stale answer if there is one, else a
     * 503 with the time to wait — never a wait of tens of seconds.
     */
    static final Duration MAX_BUDGET_WAIT = Duration.ofSeconds(3);

    /** The top-level JSON a route answers with; anything else is a bad answer, never cached as a success. */
    enum Shape { OBJECT, ARRAY }

    /** One GET: what it is for, Docker Hub's route template, the encoded path and query, and the JSON expected. */
    record Get(String what, String route, String target, Shape shape) {
        Get withQuery(String query) {
            return new Get(what, route, target + query, shape);
        }
    }

    private final UpstreamHttp http;
    private final Authenticator authenticator;
    private final RateLimits rateLimits;
    private final Retries retries;
    private final Sleeper sleeper;
    private final UpstreamObserver observer;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Outage outage;
    private final String base;
    private final AtomicLong retryCount = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile DockerHub.Contact lastContact;

    Exchanges(UpstreamHttp http, Authenticator authenticator, RateLimits rateLimits, Retries retries,
            Sleeper sleeper, UpstreamObserver observer, ObjectMapper mapper, Clock clock, String base) {
        this.outage = new Outage(clock);
        this.base = base;
        this.http = http;
        this.authenticator = authenticator;
        this.rateLimits = rateLimits;
        this.retries = retries;
        this.sleeper = sleeper;
        this.observer = observer;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Docker Hub's JSON object or array for {@code get}. */
    JsonNode json(Get get, Allowance allowance) {
        Answer answer = call(get, allowance);
        if (!answer.ok()) {
            throw answer.failure(mapper, clock.instant());
        }
        JsonNode json = answer.json(mapper);
        boolean expected = get.shape() == Shape.ARRAY ? json.isArray() : json.isObject();
        if (!expected) {
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, answer.status(), get.what()
                    + ": Docker Hub answered with a JSON " + json.getNodeType().name().toLowerCase(Locale.ROOT)
                    + " where its API has " + (get.shape() == Shape.ARRAY ? "an array" : "an object"));
        }
        return json;
    }

    long retries() {
        return retryCount.get();
    }

    int inFlight() {
        return inFlight.get();
    }

    DockerHub.Contact lastContact() {
        return lastContact;
    }

    private Answer call(Get get, Allowance allowance) {
        for (int retry = 0; ; retry++) {
            Answer answer;
            try {
                answer = attempt(get, allowance);
            } catch (DockerHubException e) {
                if (retry < Retries.MAX_RETRIES && Retries.retryable(e) && pause(get, retry + 1, allowance)) {
                    continue;
                }
                throw e;
            }
            if (retry < Retries.MAX_RETRIES && Retries.retryable(answer.status()) && pause(get, retry + 1, allowance)) {
                continue;
            }
            return answer;
        }
    }

    private Answer attempt(Get get, Allowance allowance) {
        String authorization;
        try {
            authorization = authenticator.authorization(allowance);
        } catch (DockerHubException e) {
            // a login Docker Hub refuses is a failed contact, however well the rest of it answers
            lastContact = new DockerHub.Contact(clock.instant(), false, e.getMessage());
            throw e;
        }
        Answer answer = send(get, authorization, allowance);
        if (answer.status() == 401 && authorization != null && authenticator.canRenew()) {
            authenticator.rejected(authorization);
            answer = send(get, authenticator.authorization(allowance), allowance);
        }
        return answer;
    }

    private Answer send(Get get, String authorization, Allowance allowance) {
        outage.admit(get.what(), base);
        RateLimits.Wait wait = rateLimits.acquire(get.what());
        if (!wait.none()) {
            if (wait.duration().compareTo(MAX_BUDGET_WAIT) > 0 || !allowance.allows(wait.duration())) {
                rateLimits.release(wait);
                throw new DockerHubException(DockerHubException.Kind.RATE_LIMITED, 0, get.what() + ": " + wait.reason(),
                        wait.duration(), null);
            }
            sleeper.sleep(wait.duration());
        }
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        try {
            Answer answer = http.get(get.what(), get.target(), authorization, allowance);
            observer.exchanged(get.route(), answer.status(), System.nanoTime() - start);
            lastContact = new DockerHub.Contact(clock.instant(), answer.status() < 500 && answer.status() != 429,
                    answer.status() < 500 ? null : "Docker Hub answered " + answer.status());
            rateLimits.observe(answer);
            outage.answered();
            return answer;
        } catch (DockerHubException e) {
            if (e.kind() == DockerHubException.Kind.REFUSED) {
                outage.refused();
            }
            observer.exchanged(get.route(), 0, System.nanoTime() - start);
            lastContact = new DockerHub.Contact(clock.instant(), false, e.getMessage());
            throw e;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private boolean pause(Get get, int retry, Allowance allowance) {
        Duration wait = retries.backoff(retry);
        if (!allowance.allows(wait)) {
            return false;
        }
        retryCount.incrementAndGet();
        observer.retried(get.route());
        sleeper.sleep(wait);
        return true;
    }
}
