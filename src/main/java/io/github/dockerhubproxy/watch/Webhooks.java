package io.github.dockerhubproxy.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.store.Event;
import io.github.dockerhubproxy.store.Outbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers the outbox: each event POSTed as JSON to every {@code WEBHOOK_URLS} receiver, signed with
 * {@code X-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, at least once and in order — a receiver's next event
 * waits until it took the one before. A failure (not 2xx, a redirect — never followed —, no answer within 10 s) is
 * tried again after 10 s, then twice as long each time, up to a day.
 */
public final class Webhooks {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration FIRST_RETRY = Duration.ofSeconds(10);
    static final Duration LONGEST_RETRY = Duration.ofHours(24);
    private static final int BATCH = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Deliveries and failures, for metrics. */
    public interface Observer {
        void delivered(String url);

        void failed(String url);

        Observer NONE = new Observer() {
            @Override
            public void delivered(String url) {}

            @Override
            public void failed(String url) {}
        };
    }

    private final List<URI> urls;
    private final byte[] secret;
    private final Outbox outbox;
    private final Clock clock;
    private final Observer observer;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT).build();

    public Webhooks(WatchSettings settings, Outbox outbox, Clock clock, Observer observer) {
        this.urls = settings.webhookUrls();
        // WEBHOOK_SECRET is required with WEBHOOK_URLS: without receivers there is nothing to sign
        this.secret = settings.webhookSecret() == null ? null : settings.webhookSecret().getBytes(StandardCharsets.UTF_8);
        this.outbox = outbox;
        this.clock = clock;
        this.observer = observer;
    }

    /** Whether there is anyone to deliver to. */
    public boolean enabled() {
        return !urls.isEmpty();
    }

    /** Delivers what is due now, to every receiver; returns how many deliveries succeeded. */
    public int deliverDue() {
        int delivered = 0;
        for (URI url : urls) {
            delivered += deliverDue(url.toString());
        }
        return delivered;
    }

    private int deliverDue(String url) {
        int delivered = 0;
        for (Outbox.Delivery delivery : outbox.owed(url, BATCH)) {
            Instant now = clock.instant();
            if (delivery.nextAttemptAt().isAfter(now)) {
                return delivered;   // the oldest owed event waits, and everything after it
            }
            String problem = post(url, body(delivery.event()));
            if (problem != null) {
                outbox.failed(delivery, now.plus(backoff(delivery.attempts() + 1)), problem);
                observer.failed(url);
                return delivered;
            }
            outbox.delivered(delivery);
            observer.delivered(url);
            delivered++;
        }
        return delivered;
    }

    /** The wait after the {@code attempts}-th failure: 10 s, 20 s, 40 s, … at most a day. */
    static Duration backoff(int attempts) {
        int doublings = Math.min(attempts - 1, 20);
        Duration wait = FIRST_RETRY.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    /** The POST's body: {@code {"event", "repository", "tag", "digest", "previous_digest", "platforms", "at", "id"}}. */
    static byte[] body(Event event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event.kind().label());
        body.put("repository", event.repository());
        body.put("tag", event.tag());
        body.put("digest", event.digest());
        body.put("previous_digest", event.previousDigest());
        body.put("platforms", event.platforms());
        body.put("at", event.at().toString());
        body.put("id", event.urn());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} with {@code secret}. */
    static String signature(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** POSTs; null when the receiver answered 2xx, else what went wrong. */
    private String post(String url, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "dockerhub-proxy")
                .header("X-Signature-256", signature(secret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return null;
            }
            return status >= 300 && status < 400 ? "redirected (" + status + "); redirects are not followed" : "answered " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
