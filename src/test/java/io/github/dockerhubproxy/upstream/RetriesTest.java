package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetriesTest {

    @ParameterizedTest(name = "status {0} retryable: {1}")
    @CsvSource({"200, false", "400, false", "401, false", "403, false", "404, false", "429, false", "500, false",
        "502, true", "503, true", "504, true"})
    void onlyGatewayErrorsAreRetried(int status, boolean retryable) {
        assertThat(Retries.retryable(status)).isEqualTo(retryable);
    }

    @ParameterizedTest(name = "{0} retryable: {1}")
    @CsvSource({"UNREACHABLE, true", "TIMEOUT, false", "NOT_FOUND, false", "RATE_LIMITED, false",
        "AUTH_FAILED, false", "BAD_RESPONSE, false"})
    void onlyBrokenConnectionsAreRetried(DockerHubException.Kind kind, boolean retryable) {
        assertThat(Retries.retryable(new DockerHubException(kind, 0, "x"))).isEqualTo(retryable);
    }

    @ParameterizedTest(name = "retry {0} with jitter {1} waits {2} ms")
    @CsvSource({"1, 0.0, 50", "1, 0.5, 100", "1, 0.999, 150", "2, 0.5, 200", "2, 0.0, 100"})
    void backoffDoubles_andJitterSpreadsIt(int retry, double jitter, long millis) {
        assertThat(new Retries(() -> jitter).backoff(retry)).isEqualTo(Duration.ofMillis(millis));
    }
}
