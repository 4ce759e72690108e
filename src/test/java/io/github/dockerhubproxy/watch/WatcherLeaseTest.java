package io.github.dockerhubproxy.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.store.DatabaseUrl;
import io.github.dockerhubproxy.support.Databases;
import io.github.dockerhubproxy.support.TestProxy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two replicas on one PostgreSQL: one runs the cycles; when it stops, the other takes over within one interval. */
class WatcherLeaseTest {
    @Test
    void oneReplicaRunsTheCycles_andAnotherTakesOverWithinAnInterval() {
        try (FakeDockerHub hub = FakeDockerHub.start()) {
            Map<String, String> env = Map.of("WATCH", "alice/webapp", "WATCH_INTERVAL", "900",
                    "DATABASE_URL", Databases.url(DatabaseUrl.Kind.POSTGRESQL));
            try (TestProxy a = TestProxy.start(hub, env); TestProxy b = TestProxy.start(hub, env)) {
                b.time.advance(Duration.between(b.time.instant(), a.time.instant()));   // one clock for both
                assertThat(a.app.watcher().holdLease()).isTrue();
                assertThat(b.app.watcher().holdLease()).isFalse();

                a.time.advance(Duration.ofSeconds(225));   // a renews at each quarter of the interval
                b.time.advance(Duration.ofSeconds(225));
                assertThat(a.app.watcher().holdLease()).isTrue();
                assertThat(b.app.watcher().holdLease()).isFalse();

                b.time.advance(Duration.ofSeconds(900));   // a has stopped: no renewal for an interval
                assertThat(b.app.watcher().holdLease()).isTrue();
                assertThat(a.app.watcher().holdLease()).isFalse();
            }
        }
    }
}
