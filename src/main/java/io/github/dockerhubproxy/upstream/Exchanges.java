package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes one logical GET to Docker Hub: with the current token (exchanged again once on a 401), within the
 * rate limit, retried when that is safe, observed, and answered as JSON or as a {@link DockerHubException}.
 */
final class Exchanges {
    /** One GET: what it is for, Docker Hub's route template, and the encoded path and query. */
    record Get(String what, String route, String target) {
        Get withQuery(String query) {
            return new Get(what, route, target + query);
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
    private final AtomicLong retryCount = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile DockerHub.Contact lastContact;

    Exchanges(UpstreamHttp http, Authenticator authenticator, RateLimits rateLimits, Retries retries,
            Sleeper sleeper, UpstreamObserver observer, ObjectMapper mapper, Clock clock) {
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
    JsonNode json(Get get, Deadline deadline) {
        Answer answer = call(get, deadline);
        if (!answer.ok()) {
            throw answer.failure(mapper, clock.instant());
        }
        JsonNode json = answer.json(mapper);
        if (!json.isContainerNode()) {
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, answer.status(),
                    get.what() + ": Docker Hub answered with JSON that is not an object");
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

    private Answer call(Get get, Deadline deadline) {
        for (int retry = 0; ; retry++) {
            Answer answer;
            try {
                answer = attempt(get, deadline);
            } catch (DockerHubException e) {
                if (retry < Retries.MAX_RETRIES && Retries.retryable(e) && pause(get, retry + 1, deadline)) {
                    continue;
                }
                throw e;
            }
            if (retry < Retries.MAX_RETRIES && Retries.retryable(answer.status()) && pause(get, retry + 1, deadline)) {
                continue;
            }
            return answer;
        }
    }

    private Answer attempt(Get get, Deadline deadline) {
        String authorization = authenticator.authorization(deadline);
        Answer answer = send(get, authorization, deadline);
        if (answer.status() == 401 && authorization != null && authenticator.canRenew()) {
            authenticator.rejected(authorization);
            answer = send(get, authenticator.authorization(deadline), deadline);
        }
        return answer;
    }

    private Answer send(Get get, String authorization, Deadline deadline) {
        Duration wait = rateLimits.acquire(get.what());
        if (!wait.isZero()) {
            if (!deadline.allows(wait)) {
                rateLimits.release();
                throw new DockerHubException(DockerHubException.Kind.RATE_LIMITED, 0, get.what()
                        + ": the proxy's own upstream rate limit (UPSTREAM_RATE_LIMIT) is used up", wait, null);
            }
            sleeper.sleep(wait);
        }
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        try {
            Answer answer = http.get(get.what(), get.target(), authorization, deadline);
            observer.exchanged(get.route(), answer.status(), System.nanoTime() - start);
            lastContact = new DockerHub.Contact(clock.instant(), answer.status() < 500 && answer.status() != 429,
                    answer.status() < 500 ? null : "Docker Hub answered " + answer.status());
            rateLimits.observe(answer);
            return answer;
        } catch (DockerHubException e) {
            observer.exchanged(get.route(), 0, System.nanoTime() - start);
            lastContact = new DockerHub.Contact(clock.instant(), false, e.getMessage());
            throw e;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private boolean pause(Get get, int retry, Deadline deadline) {
        Duration wait = retries.backoff(retry);
        if (!deadline.allows(wait)) {
            return false;
        }
        retryCount.incrementAndGet();
        observer.retried(get.route());
        sleeper.sleep(wait);
        return true;
    }
}
