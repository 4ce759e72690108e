package io.github.dockerhubproxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dockerhubproxy.badge.Badge;
import io.github.dockerhubproxy.badge.Values;
import io.github.dockerhubproxy.cache.Entry;
import io.github.dockerhubproxy.cache.JsonBytes;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.upstream.Resource;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    private record RequestKey(String rawPath, String rawQuery) {}

    private final ResponseCache cache;
    private final Clock clock;
    private final Cache<Key, Entry.Found> rendered = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Cache<RequestKey, BadgeRequest> requests = Caffeine.newBuilder().maximumSize(10_000).build();
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
        RequestKey key = new RequestKey(rawPath, rawQuery);
        BadgeRequest request = requests.getIfPresent(key);
        if (request == null) {
            try {
                request = BadgeRequest.read(rawPath, rawQuery);
            } catch (BadRequest e) {
                return new Answer.Refused(Statuses.error(Statuses.Refusal.BAD_REQUEST, e.getMessage()));
            }
            if (request == null) {
                return new Answer.Refused(Statuses.error(Statuses.Refusal.NO_SUCH_ROUTE, "no such route: badges are /badges/{user}/{repository}/{kind}.svg or .json"));
            }
            requests.put(key, request);
        }
        return render(request);
    }

    private Answer render(BadgeRequest request) {
        ResponseCache.Lookup lookup = cache.get(request.resource());
        BadgeRequest.Last last = request.last().get();
        if (last != null && last.madeFrom(lookup.entry())) {
            return new Answer.Rendered(last.badge(), lookup.entry(), lookup.outcome(), last.error(), request.svg());
        }
        String label = request.label();
        Badge badge = switch (lookup.entry()) {
            case Entry.Found found -> message(request.kind(), parsed.get(found, Badges::parse), request.arch())
                    .map(message -> new Badge(label, message, request.color() != null ? request.color() : "#007ec6", false))
                    .orElseGet(() -> new Badge(label, "not found", "#9f9f9f", true));
            case Entry.NotFound notFound -> new Badge(label, "not found", "#9f9f9f", true);
            case Entry.Retired retired -> new Badge(label, "not found", "#9f9f9f", true);
            case Entry.Failed failed -> new Badge(label, "unavailable", "#e05d44", true);
        };
        Entry.Found bytes = rendered.get(new Key(badge, request.style()), key -> Entry.Found.compressed(request.svg() ? badge.svg(key.style())
                : JsonBytes.encode(badge.endpoint(badge.error() ? HttpCaching.MAX_ERROR_AGE : MIN_VALUE_AGE)), Instant.EPOCH));
        Instant at = lookup.entry().fetchedAt();
        Entry.Found answer = new Entry.Found(bytes.body(), bytes.gzip(), bytes.etag(), at,
                lookup.entry() instanceof Entry.Found f ? f.lastModified() : bytes.lastModified());
        if (request.reusable()) {
            request.last().set(new BadgeRequest.Last(new WeakReference<>(lookup.entry()), answer, badge.error()));
        }
        return new Answer.Rendered(answer, lookup.entry(), lookup.outcome(), badge.error(), request.svg());
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
