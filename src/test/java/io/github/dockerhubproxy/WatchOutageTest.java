package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.store.StoreException;
import io.github.dockerhubproxy.support.PostgresServer;
import io.github.dockerhubproxy.support.TestProxy;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The watch list's database goes away and comes back: the API keeps serving, the watch routes say why, cycles resume. */
class WatchOutageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDatabaseDown_leavesTheApiServing_andTheWatchRoutesAnswer503_untilItIsBack() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                TestProxy proxy = TestProxy.start(Map.of("WATCH", "alice/webapp", "DATABASE_URL", postgres.createDatabase()))) {
            proxy.app.watcher().cycle();
            postgres.stop();

            HttpResponse<String> feed = proxy.get("/feeds/alice/webapp.atom");
            HttpResponse<String> history = proxy.get("/history/alice/webapp");
            HttpResponse<String> api = proxy.get("/repositories/alice/webapp");
            JsonNode ready = JSON.readTree(proxy.get("/ready").body());

            assertThat(feed.statusCode()).isEqualTo(503);
            assertThat(feed.headers().firstValue("Retry-After")).contains("30");
            assertThat(JSON.readTree(feed.body()).get("message").asText()).contains("database cannot be reached");
            assertThat(history.statusCode()).isEqualTo(503);
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(ready.get("status").asText()).isEqualTo("ready");
            assertThat(ready.at("/database/last_contact_ok").asBoolean()).isFalse();
            assertThat(ready.at("/database/problem").asText()).contains("postgresql://127.0.0.1");
            assertThatThrownBy(() -> proxy.app.watcher().cycle()).isInstanceOf(StoreException.class);

            postgres.resume();
            proxy.time.advance(java.time.Duration.ofSeconds(900));
            proxy.app.watcher().cycle();

            assertThat(proxy.get("/feeds/alice/webapp.atom").statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(proxy.get("/history/alice/webapp").body()).get("samples")).hasSize(2);
            assertThat(JSON.readTree(proxy.get("/ready").body()).at("/database/last_contact_ok").asBoolean()).isTrue();
        }
    }
}
