package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.render.AtomFeed;
import io.github.dockerhubproxy.store.Event;
import io.github.dockerhubproxy.store.StoreException;
import io.github.dockerhubproxy.store.WatchStore;
import io.github.dockerhubproxy.store.Watched;
import io.github.dockerhubproxy.watch.WatchSettings;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The watch list's routes, read from the store: {@code /watch} (what is watched, how its cycles went),
 * {@code /feeds/{u}.atom} and {@code /feeds/{u}/{r}.atom} (change events), {@code /history/{u}/{r}} (pull counts).
 */
final class WatchRoutes {
    static final List<String> TEMPLATES = List.of("/watch", "/feeds/{username}", "/feeds/{username}/{repository}",
            "/history/{username}/{repository}");
    /** Entries in a feed. */
    static final int FEED_ENTRIES = 100;
    /** Events read to fill a feed filtered by tag. */
    private static final int FILTER_WINDOW = 10_000;
    private static final Logger LOG = Logger.getLogger(WatchRoutes.class.getName());

    private final WatchSettings settings;
    private final WatchStore store;
    private final History history;

    /** {@code store} is null when nothing is watched. */
    WatchRoutes(WatchSettings settings, WatchStore store) {
        this.settings = settings;
        this.store = store;
        this.history = new History(store);
    }

    /** Whether a path is one of these routes. */
    static boolean handles(String path) {
        return path.equals("/watch") || path.startsWith("/feeds/") || path.startsWith("/history/");
    }

    /** The template a path is counted under in metrics and logs. */
    static String template(String path) {
        if (path.startsWith("/feeds/")) {
            return path.substring("/feeds/".length()).contains("/") ? TEMPLATES.get(2) : TEMPLATES.get(1);
        }
        return path.startsWith("/history/") ? TEMPLATES.get(3) : TEMPLATES.get(0);
    }

    Made answer(String path, String rawQuery, String selfUrl, ServerResponse res) {
        try {
            if (path.equals("/watch")) {
                res.header(HeaderNames.CACHE_CONTROL, "no-store");
                return Made.json(200, watch());
            }
            res.header(HeaderNames.CACHE_CONTROL, "public, max-age=60");
            String[] parts = path.substring(1).split("/", -1);
            if (parts[0].equals("feeds")) {
                return feed(parts, rawQuery, selfUrl);
            }
            if (parts.length != 3) {
                return noRoute(path);
            }
            boolean chart = parts[2].endsWith(".svg");
            String repository = repository(parts[1], chart ? parts[2].substring(0, parts[2].length() - 4) : parts[2]);
            return history.answer(repository, rawQuery, chart);
        } catch (BadRequest e) {
            return Statuses.error(Statuses.Refusal.BAD_REQUEST, e.getMessage());
        } catch (StoreException e) {
            LOG.warning("watch list: " + e.getMessage());
            res.header(HeaderNames.RETRY_AFTER, "30");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            return Statuses.error(Statuses.Refusal.DATABASE_UNAVAILABLE, "the watch list's database cannot be reached; "
                    + "the Docker Hub routes still answer");
        }
    }

    private Map<String, Object> watch() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("watching", settings.enabled());
        body.put("interval", settings.interval().toSeconds());
        List<Map<String, Object>> repositories = new ArrayList<>();
        for (Watched w : store == null ? List.<Watched>of() : store.watched()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("repository", w.repository());
            item.put("watched_since", text(w.addedAt()));
            item.put("last_cycle_at", text(w.lastCycleAt()));
            item.put("last_full_walk_at", text(w.lastFullWalkAt()));
            item.put("tags", w.tags());
            item.put("last_error", w.lastError());
            item.put("last_error_at", text(w.lastErrorAt()));
            repositories.add(item);
        }
        body.put("repositories", repositories);
        return body;
    }

    private Made feed(String[] parts, String rawQuery, String selfUrl) {
        boolean namespace = parts.length == 2;
        if (parts.length < 2 || parts.length > 3 || !parts[parts.length - 1].endsWith(".atom")) {
            return noRoute("/" + String.join("/", parts));
        }
        String last = parts[parts.length - 1];
        String subject = namespace ? PathValue.USERNAME.decode(last.substring(0, last.length() - 5))
                : repository(parts[1], last.substring(0, last.length() - 5));
        Pattern tags = tagFilter(rawQuery);
        List<Watched> watched = store == null ? List.of() : store.watched().stream()
                .filter(w -> namespace ? w.repository().startsWith(subject + "/") : w.repository().equals(subject)).toList();
        if (watched.isEmpty()) {
            return notWatched(namespace ? subject + "/*" : subject);
        }
        List<String> names = watched.stream().map(Watched::repository).toList();
        List<Event> events = store.events(names, tags == null ? FEED_ENTRIES : FILTER_WINDOW).stream()
                .filter(e -> tags == null || tags.matcher(e.tag()).find()).limit(FEED_ENTRIES).toList();
        Instant updated = watched.stream().map(w -> w.lastCycleAt() != null ? w.lastCycleAt() : w.addedAt())
                .max(Instant::compareTo).orElse(Instant.EPOCH);
        return new Made(200, AtomFeed.render(subject, selfUrl, events, updated), "application/atom+xml; charset=utf-8");
    }

    static Made notWatched(String repository) {
        return Statuses.error(Statuses.Refusal.NOT_WATCHED, repository + " is not watched: add it to WATCH (e.g. WATCH="
                + repository + "), and its history and changes are kept from the next cycle on");
    }

    private static Made noRoute(String path) {
        return Statuses.error(Statuses.Refusal.NO_SUCH_ROUTE, "no such route: " + PathValue.printable(path)
                + "; the watch list answers /watch, /feeds/{user}.atom, /feeds/{user}/{repository}.atom and /history/{user}/{repository}");
    }

    private static String repository(String username, String name) {
        return PathValue.USERNAME.decode(username) + "/" + PathValue.REPOSITORY.decode(name);
    }

    private static Pattern tagFilter(String rawQuery) {
        String regex = Queries.read(rawQuery, List.of("tag")).get("tag");
        if (regex == null) {
            return null;
        }
        if (regex.length() > 200) {
            throw new BadRequest("invalid tag filter: at most 200 characters");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new BadRequest("invalid tag filter '" + PathValue.printable(regex) + "': not a regular expression");
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
