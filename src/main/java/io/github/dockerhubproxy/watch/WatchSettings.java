package io.github.dockerhubproxy.watch;

import io.github.dockerhubproxy.store.DatabaseUrl;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What to watch, how often, where its data lives and whom to tell.
 *
 * @param repositories {@code namespace/repository} or {@code namespace/*} ({@code WATCH}); empty: no watching
 * @param interval time between cycles ({@code WATCH_INTERVAL})
 * @param database where history and events live ({@code DATABASE_URL}, {@code DATABASE_PASSWORD})
 * @param webhookUrls where each event is POSTed ({@code WEBHOOK_URLS})
 * @param webhookSecret the HMAC key of {@code X-Signature-256} ({@code WEBHOOK_SECRET}), null without webhooks
 */
public record WatchSettings(List<String> repositories, Duration interval, DatabaseUrl database, List<URI> webhookUrls,
        String webhookSecret) {
    public WatchSettings {
        repositories = List.copyOf(repositories);
        webhookUrls = List.copyOf(webhookUrls);
    }

    /** Nothing watched. */
    public static WatchSettings off() {
        return new WatchSettings(List.of(), Duration.ofSeconds(900), DatabaseUrl.parse(null, null), List.of(), null);
    }

    /** Whether anything is watched (else no database is opened and nothing runs). */
    public boolean enabled() {
        return !repositories.isEmpty();
    }

    /** For the startup line: what is watched, how often, where, how many webhooks; never a password or the secret. */
    @Override
    public String toString() {
        return enabled() ? repositories.size() + " every " + interval.toSeconds() + "s database=" + database
                + " webhooks=" + webhookUrls.size() : "off";
    }
}
