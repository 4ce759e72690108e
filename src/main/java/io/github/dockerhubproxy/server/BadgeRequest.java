package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.badge.Badge;
import io.github.dockerhubproxy.badge.Colors;
import io.github.dockerhubproxy.cache.Entry;
import io.github.dockerhubproxy.upstream.Resource;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A badge request, read and checked once (the same badge URL is asked for again and again), and the badge last made
 * for it, reused for as long as the cache answers with the very entry it was made from.
 *
 * @param resource the cached answer the value comes from
 * @param kind pulls, stars, version, size, layers, platforms or last-updated
 * @param arch the {@code arch=} asked for, or null
 * @param label the badge's label
 * @param color the {@code color=} asked for, or null (the kind's own)
 * @param style the SVG style; null for the JSON form
 * @param last the badge last made for this request (never one with an age: that changes with the clock)
 */
record BadgeRequest(Resource resource, String kind, String arch, String label, String color, Badge.Style style,
        AtomicReference<Last> last) {
    private static final List<String> PARAMETERS = List.of("label", "color", "style", "tag", "arch", "sort", "prerelease");
    private static final Set<String> KINDS = Set.of("pulls", "stars", "version", "size", "layers", "platforms", "last-updated");

    /** A badge made from a cached entry (held weakly: an entry that leaves the cache is not kept alive here). */
    record Last(WeakReference<Entry> source, Entry.Found badge, boolean error) {
        boolean madeFrom(Entry entry) {
            return source.get() == entry;
        }
    }

    boolean svg() {
        return style != null;
    }

    /** Whether the badge made may be reused while the entry stays the same: not for an age. */
    boolean reusable() {
        return !kind.equals("last-updated");
    }

    /** The request's parts, checked; null when the path has the wrong number of segments. */
    static BadgeRequest read(String rawPath, String rawQuery) {
        String[] parts = rawPath.substring(1).split("/", -1);
        if (parts.length != 4) {
            return null;
        }
        String username = PathValue.USERNAME.decode(parts[1]);
        String name = PathValue.REPOSITORY.decode(parts[2]);
        int dot = parts[3].lastIndexOf('.');
        String kind = dot < 0 ? parts[3] : parts[3].substring(0, dot);
        String format = dot < 0 ? "" : parts[3].substring(dot + 1);
        if (!KINDS.contains(kind) || !(format.equals("svg") || format.equals("json"))) {
            throw new BadRequest("invalid badge '" + PathValue.printable(parts[3]) + "': one of "
                    + String.join(", ", KINDS.stream().sorted().toList()) + ", as .svg or .json");
        }
        Map<String, String> query = Queries.read(rawQuery, PARAMETERS);
        if (query.getOrDefault("label", "").length() > 100) {
            throw new BadRequest("invalid label: at most 100 characters");
        }
        Badge.Style style = Badge.Style.named(query.getOrDefault("style", "flat"));
        if (style == null) {
            throw new BadRequest("invalid style '" + PathValue.printable(query.get("style")) + "': flat, flat-square or for-the-badge");
        }
        String color = query.containsKey("color") ? Colors.of(query.get("color")).orElseThrow(() -> new BadRequest(
                "invalid color '" + PathValue.printable(query.get("color")) + "': a name such as blue or brightgreen, or 3 or 6 hex digits"))
                : null;
        String tag = query.containsKey("tag") ? PathValue.TAG.decode(query.get("tag")) : null;
        Resource resource = switch (kind) {
            case "pulls", "stars" -> new Resource.Repository(username, name);
            case "last-updated" -> tag == null ? new Resource.Repository(username, name) : new Resource.Tag(username, name, tag);
            case "version" -> Queries.latest(username, name, query);
            default -> new Resource.Platforms(username, name, tag == null ? "latest" : tag);
        };
        boolean svg = format.equals("svg");
        return new BadgeRequest(resource, kind, Queries.architecture(query), query.getOrDefault("label", defaultLabel(kind)), color,
                svg ? style : null, new AtomicReference<>());
    }

    private static String defaultLabel(String kind) {
        return switch (kind) {
            case "pulls" -> "docker pulls";
            case "stars" -> "docker stars";
            case "size" -> "image size";
            case "last-updated" -> "last updated";
            default -> kind;
        };
    }
}
