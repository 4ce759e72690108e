package io.github.dockerhubproxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one freshness rule, without a cache or a socket. */
class FreshnessTest {
    private static final Instant FETCHED = Instant.parse("2026-12-01T10:00:00.250Z");
    private final Freshness rule = new Freshness(Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofHours(24));
    private final Entry found = Entry.Found.of(Map.of("a", 1), FETCHED);
    private final Entry missing = new Entry.NotFound("not found", FETCHED);
    private final Entry retired = new Entry.Retired("retired", FETCHED);

    @Test
    void aSuccess_isFreshForTheTtl_andKeptForMaxStaleMore() {
        assertThat(rule.fresh(found, FETCHED.plusSeconds(299))).isTrue();
        assertThat(rule.fresh(found, FETCHED.plusSeconds(300))).isFalse();
        assertThat(rule.kept(found)).isEqualTo(Duration.ofSeconds(300).plusHours(24));
    }

    @Test
    void aNotFound_isFreshAndKeptForItsOwnTtl() {
        assertThat(rule.fresh(missing, FETCHED.plusSeconds(29))).isTrue();
        assertThat(rule.fresh(missing, FETCHED.plusSeconds(30))).isFalse();
        assertThat(rule.kept(missing)).isEqualTo(Duration.ofSeconds(30));
        assertThat(rule.kept(retired)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void whatIsLeftOfAnEntrysLife_countsDownFromItsFetchTime_notFromWhenItWasStored() {
        // an entry from Redis, fetched by another replica 100 s ago, is kept 100 s less
        assertThat(rule.keptFor(found, FETCHED.plusSeconds(100))).isEqualTo(Duration.ofSeconds(200).plusHours(24));
        assertThat(rule.keptFor(missing, FETCHED.plusSeconds(100))).isZero();
    }

    @Test
    void aFailure_isNeverFresh_andNeverKept() {
        Entry failed = new Entry.Failed(null, FETCHED);
        assertThat(rule.fresh(failed, FETCHED)).isFalse();
        assertThat(rule.kept(failed)).isZero();
    }

    @Test
    void ageAndFreshFor_areWholeSeconds_countingDown() {
        assertThat(Freshness.ageSeconds(found, FETCHED.plusMillis(999))).isZero();
        assertThat(Freshness.ageSeconds(found, FETCHED.plusMillis(1000))).isEqualTo(1);
        assertThat(Freshness.ageSeconds(found, FETCHED.minusSeconds(5))).isZero();
        assertThat(rule.freshForSeconds(found, FETCHED.plusSeconds(100))).isEqualTo(200);
        assertThat(rule.freshForSeconds(found, FETCHED.plusSeconds(400))).isZero();
        assertThat(rule.freshForSeconds(missing, FETCHED.plusSeconds(10))).isEqualTo(20);
    }
}
