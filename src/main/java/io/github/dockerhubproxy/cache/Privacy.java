package io.github.dockerhubproxy.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockerhubproxy.upstream.Resource;
import java.util.Iterator;

/**
 * Keeps private repositories private: with credentials Docker Hub also lists the account's private
 * repositories, and a proxy must not hand them to whoever asks.
 */
final class Privacy {
    private Privacy() {
    }

    /** What the answer for a private repository, or for anything in one, says: exactly what a missing one would. */
    static String notFound(Resource.InRepository repository) {
        return "repository '" + repository.username() + "/" + repository.name() + "': not found";
    }

    /** Whether a repository object says it is private. */
    static boolean isPrivate(JsonNode repository) {
        return repository.path("is_private").asBoolean(false);
    }

    /** A repository list without its private repositories; {@code count} goes down by as many. */
    static JsonNode withoutPrivate(JsonNode list) {
        if (!(list instanceof ObjectNode object) || !(list.get("results") instanceof ArrayNode results)) {
            return list;
        }
        int removed = 0;
        for (Iterator<JsonNode> items = results.elements(); items.hasNext(); ) {
            if (isPrivate(items.next())) {
                items.remove();
                removed++;
            }
        }
        if (removed > 0 && object.path("count").canConvertToLong()) {
            object.put("count", Math.max(0, object.get("count").asLong() - removed));
        }
        return object;
    }
}
