package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.store.DatabaseUrl;
import io.github.dockerhubproxy.support.Databases;
import io.github.dockerhubproxy.support.TestProxy;
import io.github.dockerhubproxy.support.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signed webhooks, at least once and in order, through a receiver that fails, redirects, and comes back. */
class WebhooksEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "webhook-secret";
    private final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private TestProxy proxy(String databaseUrl) {
        return TestProxy.start(Map.of("WATCH", "alice/webapp", "DATABASE_URL", databaseUrl, "WEBHOOK_URLS", receiver.url(),
                "WEBHOOK_SECRET", SECRET));
    }

    /** Two cycles: the first records the tags, the second sees three new ones. */
    private static void threeNewTags(TestProxy proxy) {
        proxy.app.watcher().cycle();
        for (int i = 1; i <= 3; i++) {
            proxy.hub.pushTag("alice/webapp", "3.0." + i, "sha256:" + Integer.toString(i).repeat(64), "2026-11-2" + i + "T00:00:00.000000Z", "amd64");
        }
        proxy.time.advance(Duration.ofSeconds(900));
        proxy.app.watcher().cycle();
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> deliveredTags() {
        return receiver.received().stream().map(r -> {
            try {
                return JSON.readTree(r.body()).get("tag").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void eachEvent_isPostedSigned_withItsFields(DatabaseUrl.Kind kind) throws Exception {
        try (TestProxy proxy = proxy(Databases.url(kind))) {
            threeNewTags(proxy);

            assertThat(proxy.app.watcher().webhooks().deliverDue()).isEqualTo(3);

            assertThat(deliveredTags()).containsExactly("3.0.1", "3.0.2", "3.0.3");
            WebhookReceiver.Received first = receiver.received().get(0);
            assertThat(first.signature()).isEqualTo(hmac(first.body()));
            assertThat(first.contentType()).isEqualTo("application/json");
            JsonNode event = JSON.readTree(first.body());
            assertThat(event.get("event").asText()).isEqualTo("tag_added");
            assertThat(event.get("repository").asText()).isEqualTo("alice/webapp");
            assertThat(event.get("digest").asText()).isEqualTo("sha256:" + "1".repeat(64));
            assertThat(event.get("previous_digest").isNull()).isTrue();
            assertThat(event.get("platforms").get(0).asText()).isEqualTo("linux/amd64");
            assertThat(event.get("at").asText()).isEqualTo(proxy.time.instant().toString());
            assertThat(event.get("id").asText()).startsWith("urn:dockerhub-proxy:event:alice/webapp:");
            assertThat(proxy.app.watcher().webhooks().deliverDue()).isZero();   // delivered once, not again
            assertThat(proxy.get("/metrics").body()).contains("dockerhub_proxy_webhook_deliveries_total{outcome=\"delivered\"} 3.0")
                    .contains("dockerhub_proxy_webhook_pending 0.0");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aReceiverDownForAnHour_getsEveryEventAfterwards_inOrder(DatabaseUrl.Kind kind) {
        try (TestProxy proxy = proxy(Databases.url(kind))) {
            threeNewTags(proxy);
            receiver.answer(503, null);
            int attempts = 0;
            for (Duration waited = Duration.ZERO; waited.compareTo(Duration.ofHours(1)) < 0; waited = waited.plusSeconds(10)) {
                proxy.app.watcher().webhooks().deliverDue();
                proxy.time.advance(Duration.ofSeconds(10));
                attempts = receiver.received().size();
            }

            receiver.answer(200, null);
            proxy.time.advance(Duration.ofHours(1));
            proxy.app.watcher().webhooks().deliverDue();

            assertThat(attempts).as("backing off: 10 s, 20 s, 40 s, ... within the hour").isBetween(8, 10);
            assertThat(deliveredTags().subList(0, attempts)).containsOnly("3.0.1");   // the next waits for the first
            assertThat(deliveredTags().subList(attempts, deliveredTags().size())).containsExactly("3.0.1", "3.0.2", "3.0.3");
            assertThat(proxy.get("/metrics").body()).contains("dockerhub_proxy_webhook_deliveries_total{outcome=\"failed\"} " + attempts + ".0");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aRedirect_isNotFollowed_andARestart_resumesTheDeliveriesOwed(DatabaseUrl.Kind kind) {
        String database = Databases.url(kind);
        try (TestProxy proxy = proxy(database)) {
            threeNewTags(proxy);
            receiver.answer(302, "http://127.0.0.1:1/elsewhere");

            proxy.app.watcher().webhooks().deliverDue();
        }
        assertThat(receiver.received()).hasSize(1);
        receiver.answer(204, null);
        try (TestProxy restarted = proxy(database)) {
            restarted.time.advance(Duration.ofHours(1));

            restarted.app.watcher().webhooks().deliverDue();
        }

        assertThat(deliveredTags()).containsExactly("3.0.1", "3.0.1", "3.0.2", "3.0.3");
    }
}
