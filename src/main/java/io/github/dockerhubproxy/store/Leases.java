package io.github.dockerhubproxy.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;

/**
 * Who among replicas sharing one database does a piece of work: a named lease that its holder renews, and that
 * anyone may take once it has run out (its holder died or lost the database).
 */
public final class Leases {
    private final Database database;

    public Leases(Database database) {
        this.database = database;
    }

    /** Takes or renews the lease {@code name} for {@code holder} until {@code now + length}; false while another holds it. */
    public boolean hold(String name, String holder, Instant now, Duration length) {
        return database.with(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO leases (name, holder, expires_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
                    + " expires_at = excluded.expires_at WHERE leases.holder = excluded.holder OR leases.expires_at < ?")) {
                upsert.setString(1, name);
                upsert.setString(2, holder);
                upsert.setLong(3, now.plus(length).toEpochMilli());
                upsert.setLong(4, now.toEpochMilli());
                return upsert.executeUpdate() == 1;
            }
        });
    }
}
