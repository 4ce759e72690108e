package io.github.dockerhubproxy.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A repository's tag list, newest first, as the proxy serves it ({@code {"count", "results"}}), brought up to date
 * from a walk instead of from every page again: a complete walk is the whole list; an incremental one puts the pages
 * it read in front of the tags it did not reach, which have not changed.
 */
final class TagList {
    private TagList() {}

    /**
     * The list now, at most {@code limit} tags; empty when it cannot be known without reading every page (an
     * incremental walk, and no list held before).
     *
     * @param before the list held before, if any
     */
    static Optional<ObjectNode> updated(Optional<JsonNode> before, TagWalk.Result walk, List<String> removed, int limit) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        if (walk.complete()) {
            walk.read().stream().limit(limit).forEach(results::add);
            out.put("count", walk.read().size());
            out.set("results", results);
            return Optional.of(out);
        }
        if (before.isEmpty() || !before.get().path("results").isArray() || !before.get().path("count").canConvertToLong()) {
            return Optional.empty();
        }
        Set<String> known = new HashSet<>();
        before.get().path("results").forEach(tag -> known.add(tag.path("name").asText()));
        long count = before.get().path("count").asLong();
        for (JsonNode tag : walk.read()) {
            if (!known.contains(tag.path("name").asText())) {
                count++;
            }
            if (results.size() < limit) {
                results.add(tag);
            }
        }
        for (JsonNode tag : before.get().path("results")) {
            String name = tag.path("name").asText();
            if (results.size() < limit && !walk.seen().contains(name) && !removed.contains(name)) {
                results.add(tag);
            }
        }
        out.put("count", count);
        out.set("results", results);
        return Optional.of(out);
    }
}
