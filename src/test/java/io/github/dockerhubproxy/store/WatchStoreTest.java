package io.github.dockerhubproxy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.dockerhubproxy.support.Databases;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The store on a real SQLite file and a real PostgreSQL server: the same schema, the same answers. */
class WatchStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static Cycle cycle(Instant at, long pulls, List<TagState> seen, List<String> removed, List<Event> events) {
        return new Cycle("alice/webapp", new Sample(at, pulls, 3), seen, removed, events, false);
    }

    private static Event added(String tag, String digest, Instant at) {
        return new Event(0, "alice/webapp", Event.Kind.TAG_ADDED, tag, digest, null, List.of("linux/amd64"), at);
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aCycle_isWritten_andReadBack(DatabaseUrl.Kind kind) {
        try (Database database = Databases.open(kind)) {
            WatchStore store = new WatchStore(database);
            store.watch(List.of("alice/webapp"), T0);
            TagState v1 = new TagState("1.0", "sha256:a", "2026-10-01T00:00:00Z", List.of("linux/amd64", "linux/arm64/v8"));

            store.record(cycle(T0, 100, List.of(v1), List.of(), List.of()), List.of());
            store.record(cycle(T0.plusSeconds(900), 150, List.of(new TagState("1.1", "sha256:b", "2026-11-01T00:00:00Z", List.of())),
                    List.of("1.0"), List.of(added("1.1", "sha256:b", T0.plusSeconds(900)),
                            new Event(0, "alice/webapp", Event.Kind.TAG_REMOVED, "1.0", null, "sha256:a", List.of(), T0.plusSeconds(900)))),
                    List.of("http://receiver.example/hook"));

            assertThat(store.tags("alice/webapp")).containsOnlyKeys("1.1");
            assertThat(store.samples("alice/webapp", null, null)).extracting(Sample::pullCount).containsExactly(100L, 150L);
            assertThat(store.samples("alice/webapp", T0.plusSeconds(1), null)).extracting(Sample::pullCount).containsExactly(150L);
            List<Event> events = store.events(List.of("alice/webapp"), 10);
            assertThat(events).extracting(Event::kind).containsExactly(Event.Kind.TAG_REMOVED, Event.Kind.TAG_ADDED);
            assertThat(events.get(0).id()).isGreaterThan(events.get(1).id());
            assertThat(events.get(0).previousDigest()).isEqualTo("sha256:a");
            assertThat(events.get(1).platforms()).containsExactly("linux/amd64");
            Watched watched = store.watched().get(0);
            assertThat(watched.lastCycleAt()).isEqualTo(T0.plusSeconds(900));
            assertThat(watched.tags()).isEqualTo(1);
            assertThat(watched.lastError()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aCycleThatFails_leavesNothingOfItself(DatabaseUrl.Kind kind) {
        try (Database database = Databases.open(kind)) {
            WatchStore store = new WatchStore(database);
            store.watch(List.of("alice/webapp"), T0);
            Event broken = new Event(0, "alice/webapp", Event.Kind.TAG_ADDED, null, "sha256:b", null, List.of(), T0);

            assertThatThrownBy(() -> store.record(cycle(T0, 100, List.of(new TagState("1.1", "sha256:b", "x", List.of())),
                    List.of(), List.of(added("1.0", "sha256:a", T0), broken)), List.of("http://receiver.example/hook")))
                    .isInstanceOf(StoreException.class);

            assertThat(store.samples("alice/webapp", null, null)).isEmpty();
            assertThat(store.tags("alice/webapp")).isEmpty();
            assertThat(store.events(List.of("alice/webapp"), 10)).isEmpty();
            assertThat(store.watched().get(0).lastCycleAt()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aFailedCycle_isNoted_untilTheNextGoodOne(DatabaseUrl.Kind kind) {
        try (Database database = Databases.open(kind)) {
            WatchStore store = new WatchStore(database);
            store.watch(List.of("alice/webapp", "alice/worker"), T0);
            store.watch(List.of("alice/webapp"), T0.plusSeconds(60));

            store.failed("alice/webapp", "Docker Hub answered 502", T0);

            assertThat(store.watched()).extracting(Watched::repository).containsExactly("alice/webapp", "alice/worker");
            assertThat(store.watched().get(0).lastError()).isEqualTo("Docker Hub answered 502");
            assertThat(store.watched().get(0).addedAt()).isEqualTo(T0);
            store.record(cycle(T0.plusSeconds(900), 1, List.of(), List.of(), List.of()), List.of());
            assertThat(store.watched().get(0).lastError()).isNull();
        }
    }
}
