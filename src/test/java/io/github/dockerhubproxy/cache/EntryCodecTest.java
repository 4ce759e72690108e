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
        Entry.Found entry = Entry.Found.of(Map.of("results", List.of("x".repeat(5000))), FETCHED);

        Entry.Found back = (Entry.Found) EntryCodec.decode(EntryCodec.encode(entry));

        assertThat(entry.gzip()).isNotNull();
        assertThat(back.body()).isEqualTo(entry.body());
        assertThat(back.gzip()).isEqualTo(entry.gzip());
        assertThat(back.etag()).isEqualTo(entry.etag());
        assertThat(back.fetchedAt()).isEqualTo(FETCHED);
        assertThat(back.lastModified()).isEqualTo(entry.lastModified());
    }

    @Test
    void absentEntries_surviveTheRoundTrip_asWhatTheyAre_notAsStatuses() {
        Entry missing = new Entry.NotFound("user 'ghost': not found", FETCHED);
        Entry retired = new Entry.Retired("comments are retired", FETCHED);

        assertThat(EntryCodec.decode(EntryCodec.encode(missing))).isEqualTo(missing);
        assertThat(EntryCodec.decode(EntryCodec.encode(retired))).isEqualTo(retired);
    }

    @Test
    void bytesOfAnotherFormat_orCutShort_areNoEntry() {
        byte[] good = EntryCodec.encode(Entry.Found.of(Map.of("a", 1), FETCHED));
        byte[] otherFormat = good.clone();
        otherFormat[0] = 1;
        byte[] unknownKind = good.clone();
        unknownKind[1] = 9;

        assertThat(EntryCodec.decode("old-format-entry".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EntryCodec.decode(otherFormat)).isNull();
        assertThat(EntryCodec.decode(unknownKind)).isNull();
        assertThat(EntryCodec.decode(Arrays.copyOf(good, good.length - 3))).isNull();
        assertThat(EntryCodec.decode(new byte[0])).isNull();
    }
}
