package io.github.dockerhubproxy.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.dockerhubproxy.cache.JsonBytes;
import io.github.dockerhubproxy.render.HistoryChart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.github.dockerhubproxy.store.Sample;
import io.github.dockerhubproxy.store.WatchStore;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /history/{u}/{r}}: a watched repository's pull and star counts over time, {@code ?since=} / {@code ?until=}
 * (ISO-8601) and {@code ?step=hour|day|week} (the last sample of each step, in UTC); {@code /history/{u}/{r}.svg}:
 * the pulls as a line chart, {@code ?width=} and {@code ?height=} in pixels.
 */
final class History {
    private static final JsonFactory JSON = new JsonFactory();

    /** An answer made, and the newest sample it was made from. */
    private record Rendered(long newest, Made made) {}

    private record Key(String repository, String rawQuery, boolean chart) {}

    /**
     * Answers made, reused while the repository has no newer sample (dashboards ask the same again and again, and a
     * year of samples takes tens of milliseconds to read and write).
     */
    private final Cache<Key, Rendered> rendered = Caffeine.newBuilder()
            .maximumWeight(32L << 20).weigher((Key key, Rendered value) -> value.made().body().length + 256)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    private final WatchStore store;

    /** {@code store} is null when nothing is watched. */
    History(WatchStore store) {
        this.store = store;
    }

    Made answer(String repository, String rawQuery, boolean chart) {
        Map<String, String> query = Queries.read(rawQuery, List.of("since", "until", "step", "width", "height"));
        int width = pixels(query, "width", 640, 200, 2000);
        int height = pixels(query, "height", 240, 100, 1000);
        Instant since = instant(query, "since");
        Instant until = instant(query, "until");
        String step = query.get("step");
        if (step != null && !List.of("hour", "day", "week").contains(step)) {
            throw new BadRequest("invalid step '" + PathValue.printable(step) + "': hour, day or week");
        }
        if (store == null || !store.watches(repository)) {
            return WatchRoutes.notWatched(repository);
        }
        long newest = store.newestSample(repository);
        Key key = new Key(repository, rawQuery == null ? "" : rawQuery, chart);
        Rendered known = rendered.getIfPresent(key);
        if (known != null && known.newest() == newest) {
            return known.made();
        }
        List<Sample> samples = store.samples(repository, since, until);
        List<Sample> shown = step == null ? samples : lastPerStep(samples, step);
        Made made = chart ? new Made(200, HistoryChart.render(repository, shown, width, height), "image/svg+xml;charset=utf-8")
                : new Made(200, json(repository, shown), JsonBytes.MEDIA_TYPE);
        rendered.put(key, new Rendered(newest, made));
        return made;
    }

    /** {@code {"repository", "samples": [{"at", "pull_count", "star_count"}]}}, written as it goes (a year is 35,040 samples). */
    static byte[] json(String repository, List<Sample> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 80 * samples.size());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("repository", repository);
            json.writeArrayFieldStart("samples");
            for (Sample sample : samples) {
                json.writeStartObject();
                json.writeStringField("at", sample.at().toString());
                json.writeNumberField("pull_count", sample.pullCount());
                json.writeNumberField("star_count", sample.starCount());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The last sample in each hour, day or week (weeks start on Monday), oldest first. */
    static List<Sample> lastPerStep(List<Sample> samples, String step) {
        Map<Instant, Sample> last = new LinkedHashMap<>();
        for (Sample sample : samples) {
            last.put(start(sample.at(), step), sample);
        }
        return List.copyOf(last.values());
    }

    private static Instant start(Instant at, String step) {
        return switch (step) {
            case "hour" -> at.truncatedTo(ChronoUnit.HOURS);
            case "day" -> at.truncatedTo(ChronoUnit.DAYS);
            default -> at.atZone(ZoneOffset.UTC).toLocalDate().with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
        };
    }

    private static int pixels(Map<String, String> query, String name, int fallback, int min, int max) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        if (value.matches("[0-9]{1,4}") && Integer.parseInt(value) >= min && Integer.parseInt(value) <= max) {
            return Integer.parseInt(value);
        }
        throw new BadRequest("invalid " + name + " '" + PathValue.printable(value) + "': pixels from " + min + " to " + max);
    }

    private static Instant instant(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? java.time.LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest("invalid " + name + " '" + PathValue.printable(value)
                    + "': an ISO-8601 time such as 2026-11-01T00:00:00Z, or a date such as 2026-11-01");
        }
    }
}
