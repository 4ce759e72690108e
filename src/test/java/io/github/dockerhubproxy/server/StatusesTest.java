package io.github.dockerhubproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.cache.Entry;
import io.github.dockerhubproxy.upstream.DockerHubException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one mapping from what the cache knows, and what went wrong upstream, to HTTP statuses. */
class StatusesTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"NOT_FOUND, 404", "RETIRED, 410", "RATE_LIMITED, 503", "OVERLOADED, 503", "TIMEOUT, 504",
        "UNREACHABLE, 502", "REFUSED, 502", "TOO_LARGE, 502", "AUTH_FAILED, 502", "BAD_RESPONSE, 502"})
    void everyKind_hasItsStatus(DockerHubException.Kind kind, int status) {
        assertThat(Statuses.of(kind)).isEqualTo(status);
    }

    @Test
    void everyEntry_hasItsStatus() {
        assertThat(Statuses.of(Entry.Found.of(Map.of("a", 1), AT))).isEqualTo(200);
        assertThat(Statuses.of(new Entry.NotFound("gone", AT))).isEqualTo(404);
        assertThat(Statuses.of(new Entry.Retired("retired", AT))).isEqualTo(410);
    }

    @Test
    void whatIsKeptAboutAbsence_isWrittenAsTheJsonError() {
        Made missing = Statuses.error(new Entry.NotFound("repository 'a/b': not found", AT));
        Made retired = Statuses.error(new Entry.Retired("comments retired", AT));

        assertThat(missing.status()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":404,\"message\":\"repository 'a/b': not found\"}\n");
        assertThat(missing.contentType()).isEqualTo("application/json");
        assertThat(retired.status()).isEqualTo(410);
    }
}
