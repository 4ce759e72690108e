package io.github.dockerhubproxy.store;

import java.time.Instant;
import java.util.List;

/**
 * What one cycle found for one repository, written in one transaction.
 *
 * @param repository {@code namespace/name}
 * @param sample the repository's numbers
 * @param seen tags new or changed since the last cycle (their state now)
 * @param removed tags that are gone (known only after a full walk)
 * @param events what to announce (none on a repository's first cycle)
 * @param fullWalk whether every page of tags was read
 */
public record Cycle(String repository, Sample sample, List<TagState> seen, List<String> removed, List<Event> events,
        boolean fullWalk) {
    public Cycle {
        seen = List.copyOf(seen);
        removed = List.copyOf(removed);
        events = List.copyOf(events);
    }

    /** When the cycle ran. */
    public Instant at() {
        return sample.at();
    }
}
