package io.github.dockerhubproxy.watch;

import io.github.dockerhubproxy.store.Event;
import io.github.dockerhubproxy.store.TagState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The events a walk makes of what it saw against what was known: added, moved to another digest, removed. */
final class Changes {
    private Changes() {}

    /** The tags a complete walk did not see: gone from Docker Hub. */
    static List<String> removed(Map<String, TagState> known, TagWalk.Result walk) {
        return walk.complete() ? known.keySet().stream().filter(tag -> !walk.seen().contains(tag)).sorted().toList() : List.of();
    }

    /** Oldest change first (Docker Hub lists newest first), removals last. A tag re-pushed with the same digest is no event. */
    static List<Event> events(String repository, Map<String, TagState> known, TagWalk.Result walk, List<String> removed,
            Instant at) {
        List<Event> events = new ArrayList<>();
        for (int i = walk.changed().size() - 1; i >= 0; i--) {
            TagState now = walk.changed().get(i);
            TagState before = known.get(now.tag());
            if (before == null) {
                events.add(new Event(0, repository, Event.Kind.TAG_ADDED, now.tag(), now.digest(), null, now.platforms(), at));
            } else if (!Objects.equals(before.digest(), now.digest())) {
                events.add(new Event(0, repository, Event.Kind.TAG_UPDATED, now.tag(), now.digest(), before.digest(),
                        now.platforms(), at));
            }
        }
        for (String tag : removed) {
            TagState before = known.get(tag);
            events.add(new Event(0, repository, Event.Kind.TAG_REMOVED, tag, null, before.digest(), before.platforms(), at));
        }
        return events;
    }
}
