package io.github.dockerhubproxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dockerhubproxy.badge.Badge;
import io.github.dockerhubproxy.badge.Colors;
import io.github.dockerhubproxy.badge.Values;
import io.github.dockerhubproxy.cache.Entry;
import io.github.dockerhubproxy.cache.JsonBytes;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.upstream.Resource;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /badges/{u}/{r}/{kind}.svg} and {@code .json}: a badge whose value comes from the cache (a repository, a
 * tag, the newest tag, a tag's platforms), rendered once per value and kept, so a cached badge costs what a cached
 * answer does. When the repository or tag does not exist or Docker Hub fails, the badge says so, with status 200, so
 * that README images never break; a stale value (the cache's stale-if-error) is served rather than an error badge.
 */
final class Badges {
    /** The path template, for metrics and logs. */
    static final String TEMPLATE = "/badges/{username}/{repository}/{kind}";
    /** Clients keep a value badge at least this long, an error badge at most {@link HttpCaching#MAX_ERROR_AGE}. */
    static final long MIN_VALUE_AGE = 300;
    private static final List<String> PARAMETERS = List.of("label", "color", "style", "tag", "arch", "sort", "prerelease");
    private static final Set<String> KINDS = Set.of("pulls", "stars", "version", "size", "layers", "platforms", "last-updated");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final io.helidon.http.Header SVG_TYPE =
            io.helidon.http.HeaderValues.createCached(io.helidon.http.HeaderNames.CONTENT_TYPE, "image/svg+xml;charset=utf-8");

    /** What to answer: a rendered badge and where its value came from, or an error made here. */
    sealed interface Answer {
        record Rendered(Entry.Found badge, Entry source, ResponseCache.Outcome outcome, boolean error, boolean svg) implements Answer {
            io.helidon.http.Header contentType() {
                return svg ? SVG_TYPE : HttpCaching.JSON_TYPE;
            }
        }

        record Refused(Made error) implements Answer {}
    }

    private record Key(Badge badge, Badge.Style style) {}

    private final ResponseCache cache;
    private final Clock clock;
    private final Cache<Key, Entry.Found> rendered = Caffeine.newBuilder().maximumSize(10_000).build();
    /** A cached answer parsed once, and the messages worked out from it (kept as long as the answer is). */
    private record Parsed(JsonNode json, Map<String, Optional<String>> messages) {}

    /** Weak keys, compared by identity: an answer that leaves the cache takes its parsed form along. */
    private final Cache<Entry.Found, Parsed> parsed = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();

    Badges(ResponseCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /** The answer for a raw path under {@code /badges/} and its raw query. */
    Answer answer(String rawPath, String rawQuery) {
        String[] parts = rawPath.substring(1).split("/", -1);
        if (parts.length != 4) {
            return new Answer.Refused(Statuses.error(Statuses.Refusal.NO_SUCH_ROUTE, "no such route: badges are /badges/{user}/{repository}/{kind}.svg or .json"));
        }
        try {
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
            return render(username, name, kind, format.equals("svg"), query);
        } catch (BadRequest e) {
            return new Answer.Refused(Statuses.error(Statuses.Refusal.BAD_REQUEST, e.getMessage()));
        }
    }

    private Answer render(String username, String name, String kind, boolean svg, Map<String, String> query) {
        Badge.Style style = Badge.Style.named(query.getOrDefault("style", "flat"));
        if (style == null) {
            throw new BadRequest("invalid style '" + PathValue.printable(query.get("style")) + "': flat, flat-square or for-the-badge");
        }
        String color = query.containsKey("color") ? Colors.of(query.get("color")).orElseThrow(() -> new BadRequest(
                "invalid color '" + PathValue.printable(query.get("color")) + "': a name such as blue or brightgreen, or 3 or 6 hex digits"))
                : null;
        String tag = query.containsKey("tag") ? PathValue.TAG.decode(query.get("tag")) : null;
        String arch = Queries.architecture(query);
        Resource resource = switch (kind) {
            case "pulls", "stars" -> new Resource.Repository(username, name);
            case "last-updated" -> tag == null ? new Resource.Repository(username, name) : new Resource.Tag(username, name, tag);
            case "version" -> Queries.latest(username, name, query);
            default -> new Resource.Platforms(username, name, tag == null ? "latest" : tag);
        };
        ResponseCache.Lookup lookup = cache.get(resource);
        String label = query.getOrDefault("label", defaultLabel(kind));
        Badge badge = switch (lookup.entry()) {
            case Entry.Found found -> message(kind, parsed.get(found, Badges::parse), arch)
                    .map(message -> new Badge(label, message, color != null ? color : "#007ec6", false))
                    .orElseGet(() -> new Badge(label, "not found", "#9f9f9f", true));
            case Entry.NotFound notFound -> new Badge(label, "not found", "#9f9f9f", true);
            case Entry.Retired retired -> new Badge(label, "not found", "#9f9f9f", true);
            case Entry.Failed failed -> new Badge(label, "unavailable", "#e05d44", true);
        };
        Entry.Found bytes = rendered.get(new Key(badge, svg ? style : null), key -> Entry.Found.of(svg ? badge.svg(style)
                : JsonBytes.encode(badge.endpoint(badge.error() ? HttpCaching.MAX_ERROR_AGE : MIN_VALUE_AGE)), Instant.EPOCH));
        Instant at = lookup.entry().fetchedAt();
        Entry.Found answer = new Entry.Found(bytes.body(), bytes.gzip(), bytes.etag(), at,
                lookup.entry() instanceof Entry.Found f ? f.lastModified() : bytes.lastModified());
        return new Answer.Rendered(answer, lookup.entry(), lookup.outcome(), badge.error(), svg);
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

    /** The message a found entry gives for this kind; empty when it does not hold one (no such platform). */
    private static Parsed parse(Entry.Found found) {
        JsonNode json;
        try {
            json = JSON.readTree(found.body());
        } catch (IOException e) {
            json = JSON.missingNode();
        }
        return new Parsed(json, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** The message, worked out once per answer, kind and architecture; an age is worked out on every request. */
    private Optional<String> message(String kind, Parsed parsed, String arch) {
        if (kind.equals("last-updated")) {
            return value(kind, parsed.json(), arch, clock.instant());
        }
        return parsed.messages().computeIfAbsent(kind + "/" + arch, k -> value(kind, parsed.json(), arch, null));
    }

    private static Optional<String> value(String kind, JsonNode json, String arch, Instant now) {
        return Optional.ofNullable(switch (kind) {
            case "pulls" -> json.path("pull_count").canConvertToLong() ? Values.metric(json.path("pull_count").asLong()) : null;
            case "stars" -> json.path("star_count").canConvertToLong() ? Values.metric(json.path("star_count").asLong()) : null;
            case "version" -> json.path("tag").asText(null);
            case "last-updated" -> age(json, now);
            case "platforms" -> platforms(json);
            default -> platform(json, arch == null ? "amd64" : arch)
                    .map(p -> kind.equals("layers") ? Integer.toString(p.path("layers").asInt()) : size(p.path("size").asLong()))
                    .orElse(null);
        });
    }

    private static String age(JsonNode json, Instant now) {
        String when = json.path("last_updated").asText(json.path("tag_last_pushed").asText(null));
        try {
            return when == null ? null : Values.age(Instant.parse(when), now);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Optional<JsonNode> platform(JsonNode platforms, String arch) {
        for (JsonNode p : platforms) {
            if (arch.equals(p.path("architecture").asText())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String platforms(JsonNode platforms) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : platforms) {
            String variant = p.path("variant").asText("");
            String arch = p.path("architecture").asText();
            names.add(variant.isEmpty() || arch.equals("arm64") && variant.equals("v8") ? arch : arch + "/" + variant);
        }
        return names.isEmpty() ? null : String.join(" | ", names);
    }

    /** Compressed bytes in decimal units: {@code 912 B}, {@code 4.8 kB}, {@code 45.3 MB}, {@code 1.2 GB}. */
    static String size(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
