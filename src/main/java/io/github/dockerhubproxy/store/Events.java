package io.github.dockerhubproxy.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The events table: written with their webhook deliveries, read newest first for feeds. */
final class Events {
    private Events() {}

    /** Inserts the events in order, and for each one a delivery owed to every webhook URL. */
    static void insert(Connection connection, List<Event> events, List<String> webhookUrls, long at) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events (repository, kind, tag, digest,"
                + " previous_digest, platforms, at) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                PreparedStatement owed = connection.prepareStatement("INSERT INTO outbox (url, event_id, attempts,"
                        + " next_attempt_at) VALUES (?, ?, 0, ?)")) {
            for (Event event : events) {
                insert.setString(1, event.repository());
                insert.setString(2, event.kind().label());
                insert.setString(3, event.tag());
                WatchStore.setNullable(insert, 4, event.digest());
                WatchStore.setNullable(insert, 5, event.previousDigest());
                insert.setString(6, String.join(",", event.platforms()));
                insert.setLong(7, event.at().toEpochMilli());
                insert.executeUpdate();
                long id;
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                for (String url : webhookUrls) {
                    owed.setString(1, url);
                    owed.setLong(2, id);
                    owed.setLong(3, at);
                    owed.addBatch();
                }
            }
            owed.executeBatch();
        }
    }

    /** The newest events of the repositories, newest first. */
    static List<Event> newest(Connection connection, Collection<String> repositories, int limit) throws SQLException {
        if (repositories.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(repositories.size(), "?"));
        try (PreparedStatement select = connection.prepareStatement("SELECT id, repository, kind, tag, digest, previous_digest,"
                + " platforms, at FROM events WHERE repository IN (" + marks + ") ORDER BY id DESC LIMIT ?")) {
            int i = 1;
            for (String repository : repositories) {
                select.setString(i++, repository);
            }
            select.setInt(i, limit);
            List<Event> out = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(read(rows));
                }
            }
            return out;
        }
    }

    static Event read(ResultSet rows) throws SQLException {
        return new Event(rows.getLong("id"), rows.getString("repository"), Event.Kind.of(rows.getString("kind")),
                rows.getString("tag"), rows.getString("digest"), rows.getString("previous_digest"),
                WatchStore.platforms(rows.getString("platforms")), Instant.ofEpochMilli(rows.getLong("at")));
    }
}
