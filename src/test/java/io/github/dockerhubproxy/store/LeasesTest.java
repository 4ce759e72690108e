package io.github.dockerhubproxy.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.support.Databases;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One holder at a time; the lease passes on once it runs out. */
class LeasesTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration LENGTH = Duration.ofSeconds(675);

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void oneHolderAtATime_andAnotherTakesOver_whenItRunsOut(DatabaseUrl.Kind kind) {
        try (Database database = Databases.open(kind)) {
            Leases leases = new Leases(database);

            assertThat(leases.hold("watch", "a", T0, LENGTH)).isTrue();
            assertThat(leases.hold("watch", "b", T0.plusSeconds(1), LENGTH)).isFalse();
            assertThat(leases.hold("watch", "a", T0.plusSeconds(600), LENGTH)).isTrue();   // renewed
            assertThat(leases.hold("watch", "b", T0.plusSeconds(900), LENGTH)).isFalse();  // still a's, renewed at 600
            assertThat(leases.hold("watch", "b", T0.plusSeconds(1276), LENGTH)).isTrue();  // a stopped renewing
            assertThat(leases.hold("watch", "a", T0.plusSeconds(1277), LENGTH)).isFalse();
            assertThat(leases.hold("other", "a", T0, LENGTH)).isTrue();
        }
    }
}
