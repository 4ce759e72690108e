package io.github.dockerhubproxy.cache;

import io.github.dockerhubproxy.upstream.DockerHubException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * What the cache knows about one resource, in Docker Hub's terms, not HTTP's: Docker Hub has it ({@link Found}), does
 * not have it or may not show it ({@link NotFound}), retired the feature ({@link Retired}) — these three are kept —
 * or could not say just now ({@link Failed}, never kept). The server alone turns them into statuses.
 */
public sealed interface Entry {
    /** Bytes an entry costs beyond its bodies: key, record, strings, map node. */
    int OVERHEAD = 384;

    /** When Docker Hub gave this answer (for a failure: when it failed). */
    Instant fetchedAt();

    /** Whether Docker Hub has the resource. */
    default boolean found() {
        return this instanceof Found;
    }

    /** Bytes this entry holds in memory, for the cache's byte bound. */
    int weight();

    /**
     * Docker Hub's answer, encoded once and served many times: the JSON body, a gzip copy of bodies over
     * {@value #GZIP_MIN_BYTES} bytes, a strong ETag and the fetch time. A hit does no JSON work and no compression.
     *
     * @param body UTF-8 JSON ending in a newline
     * @param gzip the body gzip-compressed, or null when not worth it
     * @param etag the strong entity tag of {@code body} (quoted)
     * @param fetchedAt when Docker Hub gave the answer
     * @param lastModified {@code fetchedAt} as an HTTP date
     */
    record Found(byte[] body, byte[] gzip, String etag, Instant fetchedAt, String lastModified) implements Entry {
        /** Bodies smaller than this are not worth compressing. */
        static final int GZIP_MIN_BYTES = 1024;

        /** An answer holding {@code json}: encoded, tagged and compressed now, once. */
        public static Found of(Object json, Instant fetchedAt) {
            return of(JsonBytes.encode(json), fetchedAt);
        }

        /** An answer holding these JSON bytes. */
        public static Found of(byte[] body, Instant fetchedAt) {
            return body.length >= GZIP_MIN_BYTES ? compressed(body, fetchedAt)
                    : new Found(body, null, etag(body), fetchedAt, DateTimeFormatter.RFC_1123_DATE_TIME.format(fetchedAt.atOffset(ZoneOffset.UTC)));
        }

        /**
         * An answer compressed whatever its size: for a small answer that is asked for very often, such as a badge,
         * where a few hundred bytes saved on each of many answers outweigh compressing once.
         */
        public static Found compressed(byte[] body, Instant fetchedAt) {
            return new Found(body, gzip(body), etag(body), fetchedAt,
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(fetchedAt.atOffset(ZoneOffset.UTC)));
        }

        /** The entity tag of the gzip copy: a different representation needs a different strong tag. */
        public String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gz\"";
        }

        @Override
        public int weight() {
            return body.length + (gzip == null ? 0 : gzip.length) + OVERHEAD;
        }

        private static String etag(byte[] body) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
                return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        private static byte[] gzip(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
            try (GZIPOutputStream zip = new GZIPOutputStream(out, 8192)) {
                zip.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] compressed = out.toByteArray();
            return compressed.length < body.length ? compressed : null;
        }
    }

    /** Docker Hub does not have the resource, or it is private and private repositories are not shown. */
    record NotFound(String message, Instant fetchedAt) implements Entry {
        @Override
        public int weight() {
            return 2 * message.length() + OVERHEAD;
        }
    }

    /** The repository exists, but Docker Hub retired the feature asked for. */
    record Retired(String message, Instant fetchedAt) implements Entry {
        @Override
        public int weight() {
            return 2 * message.length() + OVERHEAD;
        }
    }

    /** Docker Hub could not answer and nothing usable was kept: never cached. */
    record Failed(DockerHubException failure, Instant fetchedAt) implements Entry {
        @Override
        public int weight() {
            return OVERHEAD;
        }
    }
}
