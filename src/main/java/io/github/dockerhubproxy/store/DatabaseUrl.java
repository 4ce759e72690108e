package io.github.dockerhubproxy.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the watch list's data lives, read from {@code DATABASE_URL}: a file path or {@code sqlite:PATH} (an embedded
 * SQLite file), or {@code postgresql://user[:password]@host[:port]/database[?options]}.
 *
 * @param kind which database
 * @param jdbcUrl the JDBC URL, without credentials
 * @param user the PostgreSQL user, or null
 * @param password the PostgreSQL password, or null
 * @param file the SQLite file, or null
 */
public record DatabaseUrl(Kind kind, String jdbcUrl, String user, String password, Path file) {
    /** The embedded default, under the working directory. */
    public static final String DEFAULT = "data/dockerhub-proxy.db";

    /** The databases the proxy speaks. */
    public enum Kind { SQLITE, POSTGRESQL }

    /**
     * Reads {@code raw} (null or empty: {@link #DEFAULT}), with {@code password} from {@code DATABASE_PASSWORD}.
     *
     * @throws IllegalArgumentException with a message fit for one line naming the variable (the value is not in it:
     *     it may hold a password)
     */
    public static DatabaseUrl parse(String raw, String password) {
        String value = raw == null || raw.isBlank() ? DEFAULT : raw.strip();
        if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
            return postgresql(value, password);
        }
        if (password != null) {
            throw new IllegalArgumentException("DATABASE_PASSWORD is only for a postgresql:// DATABASE_URL");
        }
        String path = value.startsWith("sqlite:") ? value.substring("sqlite:".length()) : value;
        if (path.isEmpty() || path.contains("://")) {
            throw new IllegalArgumentException("not a database: use a file path (SQLite), sqlite:PATH, or "
                    + "postgresql://user@host:5432/database");
        }
        Path file = Path.of(path);
        return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + file, null, null, file);
    }

    private static DatabaseUrl postgresql(String value, String password) {
        String problem = "not a PostgreSQL URL like postgresql://user@host:5432/database (the value is not shown: it may hold a password)";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem);
        }
        String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (uri.getHost() == null || database.isEmpty() || database.contains("/") || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(problem);
        }
        String user = null;
        String inline = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            inline = parts.length > 1 ? decode(parts[1]) : null;
        }
        if (inline != null && password != null) {
            throw new IllegalArgumentException("a password in both DATABASE_URL and DATABASE_PASSWORD; give it once");
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432) + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(Kind.POSTGRESQL, jdbc, user, inline != null ? inline : password, null);
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** For logs and {@code /ready}: where, never the password. */
    @Override
    public String toString() {
        return kind == Kind.SQLITE ? "sqlite:" + file
                : jdbcUrl.substring("jdbc:".length()).replaceFirst("\\?.*$", "") + (user == null ? "" : " user=" + user) + (password == null ? "" : " (password ***)");
    }
}
