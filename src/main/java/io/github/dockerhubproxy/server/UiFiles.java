package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.cache.Entry;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web page for people, {@code /ui/}: static files inside the jar (HTML, CSS, JavaScript modules; no build step,
 * no CDN), read and gzip'd once, served with ETags and a strict Content-Security-Policy. Every path under
 * {@code /ui/} that is not a file is the page itself, which reads the path ({@code /ui/{u}}, {@code /ui/{u}/{r}}).
 * {@code /} answers browsers with a redirect to {@code /ui/}; API clients keep getting the JSON 404.
 */
final class UiFiles {
    /** The path template, for metrics and logs. */
    static final String TEMPLATE = "/ui";
    /** Only the proxy's own scripts, styles, images and JSON; no inline script or style, no frames, no plugins. */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    /** Browsers keep the files this long, then revalidate with the ETag. */
    static final long MAX_AGE = 300;
    private static final Header CSP = HeaderValues.createCached(HeaderNames.create("Content-Security-Policy"), POLICY);
    private static final Header NOSNIFF = HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    private static final Header REFERRER = HeaderValues.createCached(HeaderNames.create("Referrer-Policy"), "no-referrer");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml;charset=utf-8");

    /** A file as served. */
    record File(Entry.Found body, Header type) {}

    private final Map<String, File> files;

    private UiFiles(Map<String, File> files) {
        this.files = files;
    }

    /** The files listed in {@code ui/files.txt}. */
    static UiFiles load() {
        Map<String, File> files = new LinkedHashMap<>();
        for (String name : new String(read("files.txt"), StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            files.put(name, new File(Entry.Found.compressed(read(name), Instant.EPOCH),
                    HeaderValues.createCached(HeaderNames.CONTENT_TYPE, type)));
        }
        return new UiFiles(files);
    }

    private static byte[] read(String name) {
        try (InputStream in = UiFiles.class.getResourceAsStream("/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("ui/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the page answers this request: a GET or HEAD under {@code /ui}, or {@code /} asked by a browser. */
    static boolean handles(String path, Method method, ServerRequest req) {
        if (method != Method.GET && method != Method.HEAD) {
            return false;
        }
        return path.equals(TEMPLATE) || path.startsWith(TEMPLATE + "/")
                || path.equals("/") && req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("text/html")).orElse(false);
    }

    /** Answers; returns the status. */
    int serve(String path, ServerRequest req, ServerResponse res, Method method) {
        res.header(CSP);
        res.header(NOSNIFF);
        res.header(REFERRER);
        if (path.equals("/") || path.equals(TEMPLATE)) {
            res.status(Status.SEE_OTHER_303);
            res.header(HeaderNames.LOCATION, "/ui/");
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            res.send();
            return 303;
        }
        String rest = path.substring(TEMPLATE.length() + 1);
        File file = files.get(rest);
        if (file == null && !rest.contains("/") && rest.contains(".")) {
            Made missing = Statuses.error(Statuses.Refusal.NO_SUCH_ROUTE, "no such file: /ui/" + PathValue.printable(rest));
            res.status(Status.create(missing.status()));
            res.header(HeaderNames.CONTENT_TYPE, missing.contentType());
            res.send(method == Method.HEAD ? new byte[0] : missing.body());
            return missing.status();
        }
        File answer = file != null ? file : files.get("index.html");
        HttpCaching.Representation rep = HttpCaching.choose(req, answer.body());
        HttpCaching.write(res, method, rep, answer.body(), 0, MAX_AGE, answer.type());
        return rep.status();
    }
}
