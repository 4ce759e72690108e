package io.github.dockerhubproxy.support;

import io.github.dockerhubproxy.store.Database;
import io.github.dockerhubproxy.store.DatabaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** A fresh database of either kind for one test: an SQLite file in a temporary folder, or a database on the shared PostgreSQL. */
public final class Databases {
    private Databases() {}

    /** The {@code DATABASE_URL} of a fresh, empty database. */
    public static String url(DatabaseUrl.Kind kind) {
        if (kind == DatabaseUrl.Kind.POSTGRESQL) {
            return PostgresServer.shared().createDatabase();
        }
        try {
            return Files.createTempDirectory("sqlite-test").resolve("data/dockerhub-proxy.db").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh, empty database, opened. */
    public static Database open(DatabaseUrl.Kind kind) {
        return Database.open(DatabaseUrl.parse(url(kind), null), java.time.Clock.fixed(java.time.Instant.parse("2026-11-01T00:00:00Z"), java.time.ZoneOffset.UTC));
    }
}
