package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RetriesTest {

    @ParameterizedTest(name = "status {0} retryable: {1}")
    @CsvSource({"200, false", "400, false", "401, false", "403, false", "404, false", "429, false", "500, false",
        "502, true", "503, true", "504, true"})
    void onlyGatewayErrorsAreRetried(int status, boolean retryable) {
        assertThat(Retries.retryable(status)).isEqualTo(retryable);
    }

    /** A broken connection is retried once by the JDK client itself; the proxy adds none (at most 3 requests). */
    @ParameterizedTest(name = "{0} is not retried by the proxy")
    @EnumSource(DockerHubException.Kind.class)
    void failuresWithoutAnAnswer_areNotRetriedByTheProxy(DockerHubException.Kind kind) {
        assertThat(Retries.retryable(new DockerHubException(kind, 0, "x"))).isFalse();
    }

    @ParameterizedTest(name = "retry {0} with jitter {1} waits {2} ms")
    @CsvSource({"1, 0.0, 50", "1, 0.5, 100", "1, 0.999, 150", "2, 0.5, 200", "2, 0.0, 100"})
    void backoffDoubles_andJitterSpreadsIt(int retry, double jitter, long millis) {
        assertThat(new Retries(() -> jitter).backoff(retry)).isEqualTo(Duration.ofMillis(millis));
    }
}
