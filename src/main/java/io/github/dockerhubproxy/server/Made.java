package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.JsonBytes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer the proxy makes itself — its own routes, errors — rather than one from the cache.
 *
 * @param status the HTTP status
 * @param body the body
 * @param contentType the body's media type
 */
record Made(int status, byte[] body, String contentType) {
    /** No body. */
    static final Made NO_CONTENT = new Made(204, new byte[0], "");

    /** {@code value} as JSON. */
    static Made json(int status, Object value) {
        return new Made(status, JsonBytes.encode(value), JsonBytes.MEDIA_TYPE);
    }

    /** The JSON error {@code {"status": <status>, "message": "..."}}. */
    static Made error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        return json(status, body);
    }
}
