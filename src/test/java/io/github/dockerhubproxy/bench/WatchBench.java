package io.github.dockerhubproxy.bench;

import io.github.dockerhubproxy.store.DatabaseUrl;
import io.github.dockerhubproxy.support.Databases;
import io.github.dockerhubproxy.support.TestProxy;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The watch list's numbers (bench/watch.sh): Docker Hub requests per cycle for 1,234 watched repositories when
 * nothing changed, and {@code /history} for a year of 15-minute samples (35,040 rows), on SQLite and PostgreSQL.
 * Cycles run on the test clock: the spreading across the interval moves it on instead of waiting; the HTTP answers are real.
 */
public final class WatchBench {
    private static final int SAMPLES = 365 * 96;

    public static void main(String[] args) throws Exception {
        System.out.println("| database | repositories | first cycle: requests, seconds | unchanged cycle: requests, per repository, seconds |");
        System.out.println("|---|---|---|---|");
        for (DatabaseUrl.Kind kind : DatabaseUrl.Kind.values()) {
            cycles(kind);
        }
        System.out.println();
        System.out.println("| database | /history of 35,040 samples, made anew (median / p95 / max ms) | asked again | ?step=day, anew / again | .svg?step=day, anew / again |");
        System.out.println("|---|---|---|---|---|");
        for (DatabaseUrl.Kind kind : DatabaseUrl.Kind.values()) {
            history(kind);
        }
        System.exit(0);
    }

    private static void cycles(DatabaseUrl.Kind kind) {
        try (TestProxy proxy = TestProxy.startWithWaitsPassingTime(Map.of("WATCH", "bigorg/*", "DATABASE_URL", Databases.url(kind),
                "ACCESS_LOG", "false"))) {
            proxy.hub.rateLimit(1_000_000);   // requests counted here, not paced
            int before = proxy.hub.count();
            long start = System.nanoTime();
            int repositories = proxy.app.watcher().cycle().repositories();
            double first = (System.nanoTime() - start) / 1e9;
            int firstCalls = proxy.hub.count() - before;
            proxy.time.advance(Duration.ofSeconds(900));
            before = proxy.hub.count();
            start = System.nanoTime();
            io.github.dockerhubproxy.watch.Watcher.Report report = proxy.app.watcher().cycle();
            if (report.failed() > 0) {
                System.out.println("failed: " + report + " " + proxy.get("/watch").body().replaceAll(".*?(\"last_error\":\"[^\"]*\").*", "$1"));
            }
            double again = (System.nanoTime() - start) / 1e9;
            int calls = proxy.hub.count() - before;
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d, %.1f s | %,d, %.2f, %.1f s |%n", kind.name().toLowerCase(Locale.ROOT),
                    repositories, firstCalls, first, calls, (double) calls / repositories, again);
        }
    }

    private static void history(DatabaseUrl.Kind kind) throws Exception {
        String url = Databases.url(kind);
        try (TestProxy proxy = TestProxy.start(Map.of("WATCH", "alice/webapp", "DATABASE_URL", url, "ACCESS_LOG", "false"))) {
            proxy.app.watcher().cycle();   // migrates the schema
            fill(DatabaseUrl.parse(url, null), proxy.time.instant());
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s / %s | %s / %s |%n", kind.name().toLowerCase(Locale.ROOT),
                    time(proxy, "/history/alice/webapp", true), time(proxy, "/history/alice/webapp", false),
                    time(proxy, "/history/alice/webapp?step=day", true), time(proxy, "/history/alice/webapp?step=day", false),
                    time(proxy, "/history/alice/webapp.svg?step=day", true), time(proxy, "/history/alice/webapp.svg?step=day", false));
        }
    }

    /** A year of samples every 15 minutes, ending now. */
    private static void fill(DatabaseUrl url, Instant now) throws Exception {
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO samples (repository, at, pull_count, star_count) VALUES ('alice/webapp', ?, ?, 6)")) {
            connection.setAutoCommit(false);
            Instant at = now.minus(Duration.ofDays(365));
            for (int i = 0; i < SAMPLES; i++) {
                insert.setLong(1, at.plus(Duration.ofMinutes(15L * i)).toEpochMilli());
                insert.setLong(2, 100_000 + 37L * i);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
    }

    /**
     * Median, 95th percentile and slowest of 50 requests after 20 to warm up, in milliseconds; {@code anew}: each with
     * a different {@code since} before the first sample, so that none is an answer made before.
     */
    private static String time(TestProxy proxy, String base, boolean anew) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            String path = !anew ? base : base + (base.contains("?") ? "&" : "?")
                    + String.format(Locale.ROOT, "since=2000-01-01T%02d:%02d:00Z", i / 60 + (anew ? 1 : 0), i % 60);
            long start = System.nanoTime();
            HttpResponse<byte[]> response = proxy.getBytes(path);
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            if (i >= 20) {
                millis.add(elapsed);
            }
        }
        Collections.sort(millis);
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", millis.get(millis.size() / 2), millis.get(millis.size() * 95 / 100),
                millis.get(millis.size() - 1));
    }
}
