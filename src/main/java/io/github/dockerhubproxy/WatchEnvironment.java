package io.github.dockerhubproxy;

import io.github.dockerhubproxy.store.DatabaseUrl;
import io.github.dockerhubproxy.watch.WatchSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The watch list's variables: {@code WATCH}, {@code WATCH_INTERVAL}, {@code DATABASE_*}, {@code WEBHOOK_*}. */
final class WatchEnvironment {
    /** Docker Hub's names: a namespace, then a repository or {@code *} for all of the namespace's. */
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,254}/([a-z0-9][a-z0-9_.-]{0,254}|\\*)");

    private WatchEnvironment() {}

    static WatchSettings read(Environment env) {
        List<String> repositories = repositories(env.get("WATCH").orElse(""));
        Duration interval = Duration.ofSeconds(env.integer("WATCH_INTERVAL", "900", 10, 31 * 24 * 3600));
        String password = env.get("DATABASE_PASSWORD").orElse(null);
        DatabaseUrl database;
        try {
            database = DatabaseUrl.parse(env.get("DATABASE_URL").orElse(null), password);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage().startsWith("DATABASE_PASSWORD") ? "DATABASE_PASSWORD" : "DATABASE_URL",
                    e.getMessage());
        }
        List<URI> webhooks = webhooks(env.get("WEBHOOK_URLS").orElse(""));
        String secret = env.get("WEBHOOK_SECRET").orElse(null);
        if (!webhooks.isEmpty() && secret == null) {
            throw new ConfigException("WEBHOOK_SECRET", "required when WEBHOOK_URLS is set: receivers check X-Signature-256 with it");
        }
        return new WatchSettings(repositories, interval, database, webhooks, secret);
    }

    private static List<String> repositories(String raw) {
        Set<String> out = new LinkedHashSet<>();
        for (String item : raw.split(",")) {
            String repository = item.strip();
            if (repository.isEmpty()) {
                continue;
            }
            if (!REPOSITORY.matcher(repository).matches()) {
                throw new ConfigException("WATCH", "'" + repository + "' is not namespace/repository or namespace/* "
                        + "(lower-case Docker Hub names, comma-separated)");
            }
            out.add(repository);
        }
        return List.copyOf(out);
    }

    private static List<URI> webhooks(String raw) {
        List<URI> out = new ArrayList<>();
        for (String item : raw.split(",")) {
            String url = item.strip();
            if (url.isEmpty()) {
                continue;
            }
            String problem = "'" + url.replaceAll("//[^/@]*@", "//***@") + "' is not an http(s) URL";
            try {
                URI uri = new URI(url);
                boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
                if (!web || uri.getHost() == null || uri.getRawFragment() != null) {
                    throw new ConfigException("WEBHOOK_URLS", problem);
                }
                out.add(uri);
            } catch (URISyntaxException e) {
                throw new ConfigException("WEBHOOK_URLS", problem);
            }
        }
        return out;
    }
}
