package io.github.dockerhubproxy.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer exactly as it goes on the wire: status and encoded JSON body, made once and served many times.
 *
 * @param status the HTTP status
 * @param body the JSON body, UTF-8, ending in a newline
 * @param fetchedAt when Docker Hub gave the answer
 * @param contentType the body's media type
 */
public record CachedResponse(int status, byte[] body, Instant fetchedAt, String contentType) {
    /** JSON, as Docker Hub sends it: bare, UTF-8 by definition. */
    public static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Bytes an entry costs beyond its body: key, record, map node. */
    private static final int OVERHEAD = 256;

    /** A 200 answer holding {@code json}. */
    public static CachedResponse ok(JsonNode json, Instant fetchedAt) {
        return new CachedResponse(200, encode(json), fetchedAt, JSON);
    }

    /** An error answer: {@code {"status": <status>, "message": "..."}}. */
    public static CachedResponse error(int status, String message, Instant fetchedAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        return new CachedResponse(status, encode(body), fetchedAt, JSON);
    }

    /** An answer made by the proxy itself: {@code value} encoded as JSON. */
    public static CachedResponse json(int status, Object value, Instant at) {
        return new CachedResponse(status, encode(value), at, JSON);
    }

    /** Bytes this entry holds in memory, for the cache's byte bound. */
    int weight() {
        return body.length + OVERHEAD;
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
