package io.github.dockerhubproxy.store;

import java.time.Instant;
import java.util.List;

/**
 * A change of a watched repository.
 *
 * @param id its number, in the order events happened (0 before it is stored)
 * @param repository {@code namespace/name}
 * @param kind what changed
 * @param tag the tag
 * @param digest its digest now (null for a removed tag)
 * @param previousDigest its digest before (null for an added tag)
 * @param platforms the platforms of its images now
 * @param at when the cycle saw it
 */
public record Event(long id, String repository, Kind kind, String tag, String digest, String previousDigest,
        List<String> platforms, Instant at) {
    public Event {
        platforms = List.copyOf(platforms);
    }

    /** Its stable id in feeds and webhooks: {@code urn:dockerhub-proxy:event:alice/webapp:42}. */
    public String urn() {
        return "urn:dockerhub-proxy:event:" + repository + ":" + id;
    }

    /** The changes announced. */
    public enum Kind {
        TAG_ADDED, TAG_UPDATED, TAG_REMOVED;

        /** The name in feeds and webhooks: {@code tag_added}, … */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Kind of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
