package io.github.dockerhubproxy.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** JSON as the proxy writes it, for Docker Hub's answers and its own alike: UTF-8, ending in a newline. */
public final class JsonBytes {
    /** JSON, as Docker Hub sends it: bare, UTF-8 by definition. */
    public static final String MEDIA_TYPE = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBytes() {
    }

    /** {@code value} as JSON bytes with a closing newline. */
    public static byte[] encode(Object value) {
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
