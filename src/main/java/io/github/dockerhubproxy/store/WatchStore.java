package io.github.dockerhubproxy.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The watch list's data in plain JDBC: watched repositories, their known tags, history samples and change events.
 * A cycle's sample, tag changes, events and webhook deliveries are written in one transaction, so a proxy killed in
 * the middle of a cycle leaves either all of a repository's cycle or none of it.
 */
public final class WatchStore {
    private final Database database;

    public WatchStore(Database database) {
        this.database = database;
    }

    /** The database behind this store. */
    public Database database() {
        return database;
    }

    /** Adds repositories to the watch list (those already on it are left as they are). */
    public void watch(Collection<String> repositories, Instant now) {
        run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO watched (repository, added_at) VALUES (?, ?) ON CONFLICT (repository) DO NOTHING")) {
                for (String repository : repositories) {
                    insert.setString(1, repository);
                    insert.setLong(2, now.toEpochMilli());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** The repository's known tags by name; empty before its first cycle. */
    public Map<String, TagState> tags(String repository) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT tag, digest, last_updated, platforms FROM tags WHERE repository = ?")) {
                select.setString(1, repository);
                Map<String, TagState> tags = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        tags.put(rows.getString(1), new TagState(rows.getString(1), rows.getString(2), rows.getString(3),
                                platforms(rows.getString(4))));
                    }
                }
                return tags;
            }
        });
    }

    /** Writes a cycle: its sample, tag changes, events and one webhook delivery per event and URL, all or nothing. */
    public void record(Cycle cycle, List<String> webhookUrls) {
        run(connection -> {
            connection.setAutoCommit(false);
            try {
                write(connection, cycle, webhookUrls);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            return null;
        });
    }

    private static void write(Connection connection, Cycle cycle, List<String> webhookUrls) throws SQLException {
        String repository = cycle.repository();
        long at = cycle.at().toEpochMilli();
        try (PreparedStatement sample = connection.prepareStatement("INSERT INTO samples (repository, at, pull_count, star_count)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (repository, at) DO NOTHING")) {
            sample.setString(1, repository);
            sample.setLong(2, at);
            sample.setLong(3, cycle.sample().pullCount());
            sample.setLong(4, cycle.sample().starCount());
            sample.executeUpdate();
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO tags (repository, tag, digest, last_updated, platforms)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (repository, tag) DO UPDATE SET digest = excluded.digest,"
                + " last_updated = excluded.last_updated, platforms = excluded.platforms")) {
            for (TagState tag : cycle.seen()) {
                upsert.setString(1, repository);
                upsert.setString(2, tag.tag());
                upsert.setString(3, tag.digest());
                upsert.setString(4, tag.lastUpdated());
                upsert.setString(5, String.join(",", tag.platforms()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM tags WHERE repository = ? AND tag = ?")) {
            for (String tag : cycle.removed()) {
                delete.setString(1, repository);
                delete.setString(2, tag);
                delete.addBatch();
            }
            delete.executeBatch();
        }
        Events.insert(connection, cycle.events(), webhookUrls, at);
        try (PreparedStatement state = connection.prepareStatement("UPDATE watched SET last_cycle_at = ?, last_error = NULL,"
                + " last_error_at = NULL" + (cycle.fullWalk() ? ", last_full_walk_at = ?" : "") + " WHERE repository = ?")) {
            state.setLong(1, at);
            if (cycle.fullWalk()) {
                state.setLong(2, at);
            }
            state.setString(cycle.fullWalk() ? 3 : 2, repository);
            state.executeUpdate();
        }
    }

    /** Notes that a repository's cycle failed (its data stays as the last good cycle left it). */
    public void failed(String repository, String error, Instant at) {
        run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE watched SET last_error = ?, last_error_at = ? WHERE repository = ?")) {
                update.setString(1, error);
                update.setLong(2, at.toEpochMilli());
                update.setString(3, repository);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Every watched repository, by name. */
    public List<Watched> watched() {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT w.repository, w.added_at, w.last_cycle_at,"
                    + " w.last_full_walk_at, (SELECT COUNT(*) FROM tags t WHERE t.repository = w.repository), w.last_error,"
                    + " w.last_error_at FROM watched w ORDER BY w.repository");
                    ResultSet rows = select.executeQuery()) {
                List<Watched> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(new Watched(rows.getString(1), instant(rows, 2), instant(rows, 3), instant(rows, 4), rows.getInt(5),
                            rows.getString(6), instant(rows, 7)));
                }
                return out;
            }
        });
    }

    /** Whether the repository is on the watch list. */
    public boolean watches(String repository) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM watched WHERE repository = ?")) {
                select.setString(1, repository);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** When the repository's newest sample was taken, epoch milliseconds; 0 when it has none. */
    public long newestSample(String repository) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT MAX(at) FROM samples WHERE repository = ?")) {
                select.setString(1, repository);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    /** The repository's samples from {@code since} to {@code until} (either null: no bound), oldest first. */
    public List<Sample> samples(String repository, Instant since, Instant until) {
        return run(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT at, pull_count, star_count FROM samples"
                    + " WHERE repository = ? AND at >= ? AND at <= ? ORDER BY at")) {
                select.setString(1, repository);
                select.setLong(2, since == null ? Long.MIN_VALUE : since.toEpochMilli());
                select.setLong(3, until == null ? Long.MAX_VALUE : until.toEpochMilli());
                List<Sample> out = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.add(new Sample(Instant.ofEpochMilli(rows.getLong(1)), rows.getLong(2), rows.getLong(3)));
                    }
                }
                return out;
            }
        });
    }

    /** The newest events of these repositories, newest first, at most {@code limit}. */
    public List<Event> events(Collection<String> repositories, int limit) {
        return run(connection -> Events.newest(connection, repositories, limit));
    }

    static List<String> platforms(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    private <T> T run(Database.Work<T> work) {
        return database.with(work);
    }
}
