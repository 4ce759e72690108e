package io.github.dockerhubproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.cache.CachedResponse;
import io.github.dockerhubproxy.upstream.DockerHubException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The one mapping from what went wrong upstream to HTTP statuses. */
class StatusesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"NOT_FOUND, 404", "RETIRED, 410", "RATE_LIMITED, 503", "OVERLOADED, 503", "TIMEOUT, 504",
        "UNREACHABLE, 502", "REFUSED, 502", "TOO_LARGE, 502", "AUTH_FAILED, 502", "BAD_RESPONSE, 502"})
    void everyKind_hasItsStatus(DockerHubException.Kind kind, int status) {
        assertThat(Statuses.of(kind)).isEqualTo(status);
    }

    @Test
    void theCachesAnswersAboutAbsence_areWrittenWithTheSameStatuses() {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");

        CachedResponse missing = Statuses.ABSENCE.notFound("repository 'a/b': not found", at);
        CachedResponse retired = Statuses.ABSENCE.retired("comments retired", at);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.found()).isFalse();
        assertThat(new String(missing.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":404,\"message\":\"repository 'a/b': not found\"}\n");
        assertThat(retired.status()).isEqualTo(410);
    }
}
