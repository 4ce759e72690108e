package io.github.dockerhubproxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryCodecTest {
    private static final Instant FETCHED = Instant.parse("2026-11-27T01:02:03.456789Z");

    @Test
    void anEntry_survivesTheRoundTrip_withItsGzipCopyAndTag() {
        CachedResponse entry = CachedResponse.ok(Map.of("results", List.of("x".repeat(5000))), FETCHED);

        CachedResponse back = EntryCodec.decode(EntryCodec.encode(entry));

        assertThat(entry.gzip()).isNotNull();
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(entry.body());
        assertThat(back.gzip()).isEqualTo(entry.gzip());
        assertThat(back.etag()).isEqualTo(entry.etag());
        assertThat(back.fetchedAt()).isEqualTo(FETCHED);
        assertThat(back.lastModified()).isEqualTo(entry.lastModified());
        assertThat(back.contentType()).isEqualTo(CachedResponse.JSON);
    }

    @Test
    void aNotFoundEntry_survivesTheRoundTrip() {
        CachedResponse entry = CachedResponse.error(404, "user 'ghost': not found", FETCHED);

        CachedResponse back = EntryCodec.decode(EntryCodec.encode(entry));

        assertThat(back.status()).isEqualTo(404);
        assertThat(new String(back.body(), StandardCharsets.UTF_8)).contains("ghost");
        assertThat(back.gzip()).isNull();
    }

    @Test
    void bytesOfAnotherFormat_orCutShort_areNoEntry() {
        byte[] good = EntryCodec.encode(CachedResponse.ok(Map.of("a", 1), FETCHED));
        byte[] otherFormat = good.clone();
        otherFormat[0] = 2;

        assertThat(EntryCodec.decode("old-format-entry".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EntryCodec.decode(otherFormat)).isNull();
        assertThat(EntryCodec.decode(Arrays.copyOf(good, good.length - 3))).isNull();
        assertThat(EntryCodec.decode(new byte[0])).isNull();
    }
}
