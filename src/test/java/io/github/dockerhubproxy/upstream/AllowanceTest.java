package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The deadline and the byte budget of one fetch, kept by an injected clock. */
class AllowanceTest {
    private final AtomicLong nanos = new AtomicLong(5_000);
    private final URI base = URI.create("http://hub.example");

    @Test
    void theDeadline_followsTheInjectedClock() {
        Allowance allowance = Allowance.of(nanos::get, Duration.ofSeconds(10), 1000, new MemoryPool(1000));

        assertThat(allowance.remaining(base)).isEqualTo(Duration.ofSeconds(10));
        assertThat(allowance.allows(Duration.ofSeconds(9))).isTrue();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(allowance.remaining(base)).isEqualTo(Duration.ofSeconds(8));
        assertThat(allowance.allows(Duration.ofSeconds(9))).isFalse();

        nanos.addAndGet(Duration.ofSeconds(8).toNanos());
        assertThatThrownBy(() -> allowance.remaining(base)).isInstanceOfSatisfying(DockerHubException.class,
                e -> assertThat(e.kind()).isEqualTo(DockerHubException.Kind.TIMEOUT));
    }

    @Test
    void bytes_comeFromTheFetchsBudgetAndThePool_andGoBackToThePool() {
        MemoryPool pool = new MemoryPool(100);
        Allowance allowance = Allowance.of(nanos::get, Duration.ofSeconds(10), 150, pool);

        assertThat(allowance.spend(80)).isNull();
        assertThat(allowance.spend(30)).isEqualTo(Allowance.Overspent.MEMORY);
        allowance.release();
        assertThat(pool.held()).isZero();
        assertThat(allowance.spend(60)).isEqualTo(Allowance.Overspent.LIST);
    }
}
