package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.store.Database;
import io.github.dockerhubproxy.store.DatabaseUrl;
import io.github.dockerhubproxy.store.Event;
import io.github.dockerhubproxy.store.WatchStore;
import io.github.dockerhubproxy.support.Databases;
import io.github.dockerhubproxy.support.TestProxy;
import io.github.dockerhubproxy.support.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A proxy killed with SIGKILL in the middle of a watch cycle (a child process, stuck on Docker Hub after writing one
 * repository's cycle), then started again: every change is announced once — none lost, none twice — and every
 * webhook it owed is still delivered.
 */
class WatchCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REPOSITORIES = List.of("alice/webapp", "alice/worker", "alice/tools");

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aKill9InTheMiddleOfACycle_losesNoEvent_andAnnouncesNoneTwice(DatabaseUrl.Kind kind) throws Exception {
        try (FakeDockerHub hub = FakeDockerHub.start(); WebhookReceiver receiver = WebhookReceiver.start().answer(503, null)) {
            Map<String, String> env = Map.of("WATCH", String.join(",", REPOSITORIES), "WATCH_INTERVAL", "10",
                    "DATABASE_URL", Databases.url(kind), "WEBHOOK_URLS", receiver.url(), "WEBHOOK_SECRET", "secret");
            try (TestProxy first = TestProxy.start(hub, env)) {
                first.app.watcher().cycle();   // the tags as they were
            }
            for (String repository : REPOSITORIES) {
                hub.pushTag(repository, "9.9.9", "sha256:" + Integer.toHexString(repository.hashCode()).repeat(8), "2026-11-30T00:00:00.000000Z", "amd64");
            }
            hub.forget();
            String stuck = "/v2/namespaces/alice/repositories/worker";
            hub.hang(stuck);

            Process child = child(env, hub.url());
            try {
                assertThat(hub.awaitRequest(stuck)).as("the child's cycle reached the second repository").isTrue();
            } finally {
                child.destroyForcibly();   // SIGKILL: no shutdown hook, no rollback but the database's own
                child.waitFor(10, TimeUnit.SECONDS);
                hub.release();
            }
            try (Database database = Database.open(DatabaseUrl.parse(env.get("DATABASE_URL"), null),
                    Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC))) {
                assertThat(new WatchStore(database).events(REPOSITORIES, 10)).as("what the child wrote before it was killed")
                        .extracting(Event::repository).containsExactly("alice/webapp");
            }
            int failedDeliveries = receiver.received().size();
            receiver.answer(204, null);

            try (TestProxy restarted = TestProxy.start(hub, env)) {
                restarted.time.advance(Duration.ofSeconds(900));
                restarted.app.watcher().cycle();
                restarted.time.advance(Duration.ofHours(1));
                restarted.app.watcher().webhooks().deliverDue();

                String feed = restarted.get("/feeds/alice.atom").body();
                for (String repository : REPOSITORIES) {
                    assertThat(feed.split(repository + ": new tag 9.9.9", -1)).as(repository + " in the feed once").hasSize(2);
                }
            }
            List<String> delivered = new ArrayList<>();
            for (WebhookReceiver.Received received : receiver.received().subList(failedDeliveries, receiver.received().size())) {
                delivered.add(JSON.readTree(received.body()).get("repository").asText());
            }
            assertThat(delivered).containsExactlyInAnyOrderElementsOf(REPOSITORIES);
            assertThat(delivered.get(0)).as("the one written before the kill, owed since").isEqualTo("alice/webapp");
        }
    }

    /** The real proxy in a process of its own, watching with the same settings. */
    private static Process child(Map<String, String> env, String hubUrl) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> childEnv = new HashMap<>(env);
        childEnv.putAll(Map.of("HTTP_PORT", "0", "DOCKERHUB_API_URL", hubUrl, "SECRETS_FILE", "", "ACCESS_LOG", "false"));
        builder.environment().putAll(childEnv);
        return builder.start();
    }
}
