package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.store.Database;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The routes the proxy answers itself: {@code /metrics} (Prometheus), {@code /health} (liveness),
 * {@code /ready} (readiness, with the last upstream and database contact) and {@code /ratelimit}. Never cached downstream.
 */
final class LocalRoutes {
    /** The media type of Prometheus' text exposition. */
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final DockerHub hub;
    private final Metrics metrics;
    private final BooleanSupplier stopping;
    private final Database database;

    /** {@code database} is the watch list's, or null when nothing is watched. */
    LocalRoutes(DockerHub hub, Metrics metrics, BooleanSupplier stopping, Database database) {
        this.database = database;
        this.hub = hub;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    Made answer(String template, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        return switch (template) {
            case "/metrics" -> new Made(200, metrics.scrape().getBytes(StandardCharsets.UTF_8), PROMETHEUS);
            case "/health" -> Made.json(200, Map.of("status", "up"));
            case "/ready" -> ready();
            case "/ratelimit" -> Made.json(200, RateLimitReport.json(hub));
            default -> throw new IllegalStateException("no local route " + template);
        };
    }

    private Made ready() {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean stop = stopping.getAsBoolean();
        body.put("status", stop ? "stopping" : "ready");
        body.put("upstream", contact(new LinkedHashMap<>(),
                hub.lastContact().map(c -> new Contact(c.ok(), c.at(), c.problem()))));
        if (database != null) {
            Map<String, Object> where = new LinkedHashMap<>();
            where.put("where", database.where());
            body.put("database", contact(where, database.lastContact().map(c -> new Contact(c.ok(), c.at(), c.problem()))));
        }
        return Made.json(stop ? 503 : 200, body);
    }

    /** The last contact with something the proxy depends on. */
    private record Contact(boolean ok, java.time.Instant at, String problem) {}

    /** {@code {"last_contact_ok", "last_contact_at", "problem"}}, all null before the first contact. */
    private static Map<String, Object> contact(Map<String, Object> into, java.util.Optional<Contact> last) {
        into.put("last_contact_ok", last.map(Contact::ok).orElse(null));
        into.put("last_contact_at", last.map(c -> c.at().toString()).orElse(null));
        into.put("problem", last.map(Contact::problem).orElse(null));
        return into;
    }
}
