package io.github.dockerhubproxy.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dockerhubproxy.store.TagState;
import io.github.dockerhubproxy.upstream.DockerHubException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a repository's tags newest first, page by page, and stops at the first page whose tags are all known with
 * the same digest and {@code last_updated} — so a repository where nothing changed costs one page. A full walk
 * reads every page, which is also how removed tags are found.
 */
final class TagWalk {
    /** Most pages one walk reads (100,000 tags). */
    static final int MAX_PAGES = 1000;

    /** Reads one page (1-based) of tags, newest first. */
    interface Pages {
        JsonNode page(int number);
    }

    /**
     * What the walk saw.
     *
     * @param changed tags new or changed, newest first (their state now)
     * @param seen the names of every tag read
     * @param complete whether the last page was reached (so {@code seen} is every tag)
     * @param pages how many pages were read
     * @param read every tag read, as Docker Hub gave it, in its order (newest first)
     */
    record Result(List<TagState> changed, Set<String> seen, boolean complete, int pages, List<JsonNode> read) {}

    private TagWalk() {}

    static Result walk(Map<String, TagState> known, boolean full, Pages pages) {
        List<TagState> changed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<JsonNode> read = new ArrayList<>();
        for (int number = 1; number <= MAX_PAGES; number++) {
            JsonNode page;
            try {
                page = pages.page(number);
            } catch (DockerHubException e) {
                if (number > 1 && e.kind() == DockerHubException.Kind.NOT_FOUND) {
                    return new Result(changed, seen, true, number, read);   // past the last page
                }
                throw e;
            }
            boolean allKnown = true;
            JsonNode results = page.path("results");
            for (JsonNode tag : results) {
                TagState now = state(tag);
                if (now == null || !seen.add(now.tag())) {
                    continue;   // a tag that moved to this page from the one before is read once
                }
                read.add(tag);
                TagState before = known.get(now.tag());
                if (before == null || !before.unchanged(now)) {
                    changed.add(now);
                    allKnown = false;
                }
            }
            JsonNode next = page.path("next");
            boolean last = results.isEmpty() || next.isMissingNode() || next.isNull() || next.asText().isEmpty();
            if (last) {
                return new Result(changed, seen, true, number, read);
            }
            if (allKnown && !full) {
                return new Result(changed, seen, false, number, read);
            }
        }
        throw new IllegalStateException("more than " + MAX_PAGES + " pages of tags: the watch list reads at most "
                + MAX_PAGES * 100 + " tags");
    }

    /** A tag of Docker Hub's list as the store keeps it; null for an entry without a name. */
    static TagState state(JsonNode tag) {
        String name = tag.path("name").asText("");
        if (name.isEmpty()) {
            return null;
        }
        List<String> platforms = new ArrayList<>();
        for (JsonNode image : tag.path("images")) {
            String os = image.path("os").asText("");
            String architecture = image.path("architecture").asText("");
            if (architecture.isEmpty() || architecture.equals("unknown")) {
                continue;   // attestation manifests are not platforms
            }
            String variant = image.path("variant").asText("");
            platforms.add((os.isEmpty() ? "linux" : os) + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant));
        }
        return new TagState(name, text(tag, "digest"), text(tag, "last_updated"), platforms);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
