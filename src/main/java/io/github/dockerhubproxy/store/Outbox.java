package io.github.dockerhubproxy.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhook deliveries still owed, written with their events (so none is lost to a crash) and removed once the
 * receiver took them. Each receiver gets its events in order: the oldest owed one first.
 */
public final class Outbox {
    private final Database database;

    public Outbox(Database database) {
        this.database = database;
    }

    /**
     * A delivery owed.
     *
     * @param url the receiver
     * @param event what to tell it
     * @param attempts tries so far
     * @param nextAttemptAt not before this time
     */
    public record Delivery(String url, Event event, int attempts, Instant nextAttemptAt) {}

    /** The oldest deliveries owed to {@code url}, in event order, at most {@code limit}. */
    public List<Delivery> owed(String url, int limit) {
        return database.with(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT o.attempts, o.next_attempt_at, e.id, e.repository,"
                    + " e.kind, e.tag, e.digest, e.previous_digest, e.platforms, e.at FROM outbox o JOIN events e ON e.id = o.event_id"
                    + " WHERE o.url = ? ORDER BY o.event_id LIMIT ?")) {
                select.setString(1, url);
                select.setInt(2, limit);
                List<Delivery> out = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.add(new Delivery(url, Events.read(rows), rows.getInt("attempts"),
                                Instant.ofEpochMilli(rows.getLong("next_attempt_at"))));
                    }
                }
                return out;
            }
        });
    }

    /** The receiver took it. */
    public void delivered(Delivery delivery) {
        database.with(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE url = ? AND event_id = ?")) {
                delete.setString(1, delivery.url());
                delete.setLong(2, delivery.event().id());
                return delete.executeUpdate();
            }
        });
    }

    /** It failed: try again at {@code next}. */
    public void failed(Delivery delivery, Instant next, String error) {
        database.with(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE outbox SET attempts = attempts + 1,"
                    + " next_attempt_at = ?, last_error = ? WHERE url = ? AND event_id = ?")) {
                update.setLong(1, next.toEpochMilli());
                update.setString(2, error.length() > 500 ? error.substring(0, 500) : error);
                update.setString(3, delivery.url());
                update.setLong(4, delivery.event().id());
                return update.executeUpdate();
            }
        });
    }

    /** Deliveries owed, to every receiver. */
    public long pending() {
        return database.with(connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM outbox");
                    ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
