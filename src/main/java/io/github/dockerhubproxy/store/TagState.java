package io.github.dockerhubproxy.store;

import java.util.List;

/**
 * A tag as the last cycle saw it.
 *
 * @param tag the tag's name
 * @param digest its digest (of the index, or of its one manifest), or null
 * @param lastUpdated Docker Hub's {@code last_updated}, as given, or null
 * @param platforms {@code os/architecture[/variant]} of its images, as Docker Hub lists them
 */
public record TagState(String tag, String digest, String lastUpdated, List<String> platforms) {
    public TagState {
        platforms = List.copyOf(platforms);
    }

    /** Whether Docker Hub says the same of the tag now: the same digest and the same {@code last_updated}. */
    public boolean unchanged(TagState now) {
        return java.util.Objects.equals(digest, now.digest) && java.util.Objects.equals(lastUpdated, now.lastUpdated);
    }
}
