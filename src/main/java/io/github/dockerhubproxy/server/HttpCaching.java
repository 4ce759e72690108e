package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.Entry;
import io.github.dockerhubproxy.cache.JsonBytes;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * HTTP caching for answers from the cache: {@code ETag} and {@code Last-Modified} with {@code 304} for
 * {@code If-None-Match} / {@code If-Modified-Since}, {@code Cache-Control: public, max-age} counting down the
 * TTL, {@code Age}, {@code Vary}, and the precomputed gzip copy for clients that accept it.
 */
final class HttpCaching {
    /** Longest a client may keep a 404 or 410. */
    static final long MAX_ERROR_AGE = 60;
    private static final Header VARY = HeaderValues.createCached(HeaderNames.VARY, "Accept-Encoding, Origin");
    private static final Header GZIP = HeaderValues.createCached(HeaderNames.CONTENT_ENCODING, "gzip");
    /** The JSON content type header. */
    static final Header JSON_TYPE = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, JsonBytes.MEDIA_TYPE);
    private static final String[] SMALL_NUMBERS = new String[3601];
    /** Bodies from this size on are streamed from the cached array instead of copied. */
    static final int STREAM_FROM_BYTES = 32 * 1024;
    /**
     * The slice sent together with the headers. Helidon assembles headers and this slice in a buffer of 256 bytes
     * plus the slice, doubled (and the slice copied twice more) as soon as the headers pass 256 bytes: an 8 KB slice
     * cost 41 KB of allocation per 600 KB answer, a 1 KB slice 14 KB, and 4-6 % more answers per second.
     */
    private static final int FIRST_SLICE = 1024;

    private static final String[] CACHE_CONTROL = new String[SMALL_NUMBERS.length];

    static {
        for (int i = 0; i < SMALL_NUMBERS.length; i++) {
            SMALL_NUMBERS[i] = Integer.toString(i);
            CACHE_CONTROL[i] = "public, max-age=" + i;
        }
    }

    /**
     * What goes on the wire for one request.
     *
     * @param status 200 (or the status of what is kept about an absent resource), or 304
     * @param body the bytes of the chosen representation (sent unless HEAD or 304)
     * @param etag the chosen representation's tag, or null
     * @param gzip whether the body is the gzip copy
     */
    record Representation(int status, byte[] body, String etag, boolean gzip) {}

    private HttpCaching() {
    }

    /**
     * Chooses the representation: for an answer Docker Hub gave, 304 when the client's copy is current, gzip when
     * accepted and available; for a resource kept as absent, its JSON error.
     */
    static Representation choose(ServerRequest req, Entry entry) {
        if (!(entry instanceof Entry.Found answer)) {
            Made error = Statuses.error(entry);
            return new Representation(error.status(), error.body(), null, false);
        }
        boolean gzip = answer.gzip() != null && acceptsGzip(req.headers().first(HeaderNames.ACCEPT_ENCODING).orElse(null));
        byte[] body = gzip ? answer.gzip() : answer.body();
        String etag = gzip ? answer.gzipEtag() : answer.etag();
        if (notModified(req, answer)) {
            return new Representation(304, body, etag, gzip);
        }
        return new Representation(200, body, etag, gzip);
    }

    /** Writes a chosen representation with its caching headers: a JSON answer, kept by clients while it is fresh. */
    static void write(ServerResponse res, Method method, Representation rep, Entry entry, long age, long freshFor) {
        write(res, method, rep, entry, age, entry instanceof Entry.Found ? freshFor : Math.min(MAX_ERROR_AGE, freshFor), JSON_TYPE);
    }

    /** Writes a chosen representation of this content type, with its caching headers. */
    static void write(ServerResponse res, Method method, Representation rep, Entry entry, long age, long maxAge, Header type) {
        res.status(Status.create(rep.status()));
        res.header(HeaderNames.AGE, number(age));
        res.header(HeaderNames.CACHE_CONTROL, maxAge < CACHE_CONTROL.length ? CACHE_CONTROL[(int) maxAge] : "public, max-age=" + maxAge);
        res.header(VARY);
        if (entry instanceof Entry.Found found) {
            res.header(HeaderNames.ETAG, rep.etag());
            res.header(HeaderNames.LAST_MODIFIED, found.lastModified());
        }
        if (rep.status() == 304) {
            res.send();
            return;
        }
        res.header(type);
        if (rep.gzip()) {
            res.header(GZIP);
        }
        if (method == Method.HEAD) {
            res.header(HeaderNames.CONTENT_LENGTH, number(rep.body().length));
            res.send();
        } else {
            send(res, rep.body());
        }
    }

    /**
     * Sends a body. {@code send(byte[])} copies the whole body into a new buffer per request: fine for small
     * bodies, but a 600 KB list would then allocate 600 KB a request. Large bodies go out through the output
     * stream instead: headers with the first slice, then the rest straight from the cached array.
     */
    static void send(ServerResponse res, byte[] body) {
        if (body.length < STREAM_FROM_BYTES) {
            res.send(body);
            return;
        }
        res.header(HeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
        try (OutputStream out = res.outputStream()) {
            out.write(body, 0, FIRST_SLICE);
            out.write(body, FIRST_SLICE, body.length - FIRST_SLICE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code Accept-Encoding} allows gzip (a {@code q=0} refuses it). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].strip();
            if (name.equalsIgnoreCase("gzip") || name.equals("*")) {
                return parts.length < 2 || !parts[1].strip().matches("q=0(\\.0*)?");
            }
        }
        return false;
    }

    private static boolean notModified(ServerRequest req, Entry.Found answer) {
        Optional<String> ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent()) {
            for (String tag : ifNoneMatch.get().split(",")) {
                String candidate = tag.strip();
                if (candidate.startsWith("W/")) {
                    candidate = candidate.substring(2);
                }
                if (candidate.equals("*") || candidate.equals(answer.etag()) || candidate.equals(answer.gzipEtag())) {
                    return true;
                }
            }
            return false;
        }
        return req.headers().first(HeaderNames.IF_MODIFIED_SINCE).map(since -> {
            try {
                Instant client = ZonedDateTime.parse(since.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return answer.fetchedAt().getEpochSecond() <= client.getEpochSecond();
            } catch (DateTimeParseException e) {
                return false;
            }
        }).orElse(false);
    }

    private static String number(long value) {
        return value >= 0 && value < SMALL_NUMBERS.length ? SMALL_NUMBERS[(int) value] : Long.toString(value);
    }
}
