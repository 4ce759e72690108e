package io.github.dockerhubproxy.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * An answer exactly as it goes on the wire, made once and served many times: status, encoded JSON body, a
 * gzip copy of bodies over {@value #GZIP_MIN_BYTES} bytes, a strong ETag and the fetch time. A hit does no JSON
 * work and no compression.
 *
 * @param status the HTTP status
 * @param body the body, UTF-8 JSON ending in a newline for Docker Hub's answers
 * @param gzip the body gzip-compressed, or null when not worth it
 * @param etag the strong entity tag of {@code body} (quoted), or null for answers the proxy makes itself
 * @param fetchedAt when Docker Hub gave the answer
 * @param lastModified {@code fetchedAt} as an HTTP date
 * @param contentType the body's media type
 */
public record CachedResponse(int status, byte[] body, byte[] gzip, String etag, Instant fetchedAt, String lastModified,
        String contentType) {
    /** JSON, as Docker Hub sends it: bare, UTF-8 by definition. */
    public static final String JSON = "application/json";
    /** Bodies smaller than this are not worth compressing. */
    static final int GZIP_MIN_BYTES = 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Bytes an entry costs beyond its bodies: key, record, strings, map node. */
    private static final int OVERHEAD = 384;

    /** An answer from Docker Hub holding {@code json}: encoded, tagged and compressed now, once. */
    public static CachedResponse ok(Object json, Instant fetchedAt) {
        return entry(200, encode(json), fetchedAt);
    }

    /** An error answer {@code {"status": <status>, "message": "..."}} that may be cached (404, 410). */
    public static CachedResponse error(int status, String message, Instant fetchedAt) {
        return entry(status, errorBody(status, message), fetchedAt);
    }

    /** An answer made by the proxy itself and never cached: {@code value} encoded as JSON. */
    public static CachedResponse json(int status, Object value, Instant at) {
        return plain(status, encode(value), at, JSON);
    }

    /** An answer made by the proxy itself, of any media type. */
    public static CachedResponse plain(int status, byte[] body, Instant at, String contentType) {
        return new CachedResponse(status, body, null, null, at, null, contentType);
    }

    /** The JSON error body {@code {"status": <status>, "message": "..."}}. */
    public static byte[] errorBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        return encode(body);
    }

    /** Whether this is an answer Docker Hub gave (not one about something absent). */
    public boolean found() {
        return status == 200;
    }

    /** The entity tag of the gzip copy: a different representation needs a different strong tag. */
    public String gzipEtag() {
        return etag == null ? null : etag.substring(0, etag.length() - 1) + "-gz\"";
    }

    /** Bytes this entry holds in memory, for the cache's byte bound. */
    int weight() {
        return body.length + (gzip == null ? 0 : gzip.length) + OVERHEAD;
    }

    private static CachedResponse entry(int status, byte[] body, Instant fetchedAt) {
        return new CachedResponse(status, body, body.length >= GZIP_MIN_BYTES ? gzip(body) : null, etag(body), fetchedAt,
                DateTimeFormatter.RFC_1123_DATE_TIME.format(fetchedAt.atOffset(ZoneOffset.UTC)), JSON);
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

    private static byte[] encode(Object value) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(value);
            byte[] withNewline = new byte[json.length + 1];
            System.arraycopy(json, 0, withNewline, 0, json.length);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
