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
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("last_contact_ok", null);
        upstream.put("last_contact_at", null);
        upstream.put("problem", null);
        hub.lastContact().ifPresent(contact -> {
            upstream.put("last_contact_ok", contact.ok());
            upstream.put("last_contact_at", contact.at().toString());
            upstream.put("problem", contact.problem());
        });
        Map<String, Object> body = new LinkedHashMap<>();
        boolean stop = stopping.getAsBoolean();
        body.put("status", stop ? "stopping" : "ready");
        body.put("upstream", upstream);
        if (database != null) {
            Map<String, Object> db = new LinkedHashMap<>();
            db.put("where", database.where());
            db.put("last_contact_ok", null);
            db.put("last_contact_at", null);
            db.put("problem", null);
            database.lastContact().ifPresent(contact -> {
                db.put("last_contact_ok", contact.ok());
                db.put("last_contact_at", contact.at().toString());
                db.put("problem", contact.problem());
            });
            body.put("database", db);
        }
        return Made.json(stop ? 503 : 200, body);
    }
}
