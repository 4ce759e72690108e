package io.github.dockerhubproxy.render;

import io.github.dockerhubproxy.store.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A watched repository's (or namespace's) change events as an Atom 1.0 feed (RFC 4287): newest first, one entry per
 * event with a stable id. Pure: events in, bytes out.
 */
public final class AtomFeed {
    /** The feed's own URN prefix: an entry's id is this, the repository and the event's number. */
    static final String ID_PREFIX = "urn:dockerhub-proxy:";

    private AtomFeed() {}

    /**
     * The feed.
     *
     * @param subject {@code namespace/name} or {@code namespace}
     * @param selfUrl where the feed is served (its {@code rel="self"} link)
     * @param events newest first
     * @param updated when the feed last changed when it has no events (its newest event's time otherwise)
     */
    public static byte[] render(String subject, String selfUrl, List<Event> events, Instant updated) {
        StringBuilder xml = new StringBuilder(1024 + 512 * events.size());
        xml.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        element(xml, "  ", "id", ID_PREFIX + "feed:" + subject);
        element(xml, "  ", "title", subject + " on Docker Hub: tag changes");
        element(xml, "  ", "updated", time(events.isEmpty() ? updated : events.get(0).at()));
        xml.append("  <link rel=\"self\" type=\"application/atom+xml\" href=\"").append(Xml.escape(selfUrl)).append("\"/>\n");
        xml.append("  <link rel=\"alternate\" type=\"text/html\" href=\"").append(Xml.escape(hubPage(subject))).append("\"/>\n");
        xml.append("  <author><name>dockerhub-proxy</name></author>\n");
        xml.append("  <generator>dockerhub-proxy</generator>\n");
        for (Event event : events) {
            xml.append("  <entry>\n");
            element(xml, "    ", "id", event.urn());
            element(xml, "    ", "title", title(event));
            element(xml, "    ", "updated", time(event.at()));
            xml.append("    <link rel=\"alternate\" type=\"text/html\" href=\"")
                    .append(Xml.escape(hubPage(event.repository()) + "/tags?name=" + event.tag())).append("\"/>\n");
            xml.append("    <category term=\"").append(event.kind().label()).append("\"/>\n");
            element(xml, "    ", "content type=\"text\"", content(event));
            xml.append("  </entry>\n");
        }
        return xml.append("</feed>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code alice/webapp: new tag 1.4.0}, {@code … tag 1.4.0 updated}, {@code … tag 1.3.0 removed}. */
    static String title(Event event) {
        return event.repository() + ": " + switch (event.kind()) {
            case TAG_ADDED -> "new tag " + event.tag();
            case TAG_UPDATED -> "tag " + event.tag() + " updated";
            case TAG_REMOVED -> "tag " + event.tag() + " removed";
        };
    }

    private static String content(Event event) {
        StringBuilder text = new StringBuilder();
        if (event.digest() != null) {
            text.append("digest: ").append(event.digest()).append('\n');
        }
        if (event.previousDigest() != null) {
            text.append("previous digest: ").append(event.previousDigest()).append('\n');
        }
        text.append("platforms: ").append(event.platforms().isEmpty() ? "unknown" : String.join(", ", event.platforms()));
        return text.toString();
    }

    private static String hubPage(String subject) {
        return subject.contains("/") ? "https://hub.docker.com/r/" + subject : "https://hub.docker.com/u/" + subject;
    }

    private static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void element(StringBuilder xml, String indent, String tag, String text) {
        String name = tag.contains(" ") ? tag.substring(0, tag.indexOf(' ')) : tag;
        xml.append(indent).append('<').append(tag).append('>').append(Xml.escape(text)).append("</").append(name).append(">\n");
    }
}
