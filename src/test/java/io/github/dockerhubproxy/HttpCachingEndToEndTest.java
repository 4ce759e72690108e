package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.support.TestProxy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP caching as a browser or a CDN sees it: ETag, 304, Cache-Control, Age, Vary, gzip, HEAD. */
class HttpCachingEndToEndTest {
    private TestProxy proxy;

    @BeforeEach
    void start() {
        proxy = TestProxy.start();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void everyOk_hasAStrongEtag_andIfNoneMatchGives304WithoutBody() {
        HttpResponse<String> first = proxy.get("/repositories/alice/webapp");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> revalidated = proxy.get("/repositories/alice/webapp", "If-None-Match", etag);
        HttpResponse<String> weak = proxy.get("/repositories/alice/webapp", "If-None-Match", "\"other\", W/" + etag);
        HttpResponse<String> changed = proxy.get("/repositories/alice/webapp", "If-None-Match", "\"other\"");

        assertThat(etag).matches("\"[A-Za-z0-9_-]{27}\"");
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
        assertThat(revalidated.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).startsWith("public, max-age="));
        assertThat(weak.statusCode()).isEqualTo(304);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(first.body());
        assertThat(proxy.hub.count()).isEqualTo(1);
    }

    @Test
    void ifModifiedSince_gives304_whenTheCopyIsCurrent() {
        HttpResponse<String> first = proxy.get("/users/alice");
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

        assertThat(proxy.get("/users/alice", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(proxy.get("/users/alice", "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode()).isEqualTo(200);
        assertThat(proxy.get("/users/alice", "If-Modified-Since", "not a date").statusCode()).isEqualTo(200);
    }

    @Test
    void cacheControlMaxAge_countsDownTheTtl_andAgeCountsUp() {
        HttpResponse<String> fresh = proxy.get("/users/alice");
        proxy.time.advance(Duration.ofSeconds(100));
        HttpResponse<String> older = proxy.get("/users/alice");

        assertThat(fresh.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        assertThat(fresh.headers().firstValue("Age")).hasValue("0");
        assertThat(older.headers().firstValue("Cache-Control")).hasValue("public, max-age=200");
        assertThat(older.headers().firstValue("Age")).hasValue("100");
    }

    @Test
    void notFound_isCacheableForAMinuteAtMost() {
        HttpResponse<String> missing = proxy.get("/users/nobody");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> {
            assertThat(v).startsWith("public, max-age=");
            assertThat(Integer.parseInt(v.substring("public, max-age=".length()))).isBetween(0, 60);
        });
        assertThat(missing.headers().firstValue("ETag")).isEmpty();
    }

    @Test
    void vary_namesAcceptEncodingAndOrigin() {
        assertThat(proxy.get("/repositories/alice").headers().allValues("Vary")).containsExactly("Accept-Encoding, Origin");
    }

    @Test
    void gzip_isServedToClientsThatAcceptIt_andDecodesToTheSameJson() throws IOException {
        HttpResponse<byte[]> plain = proxy.getBytes("/repositories/bigorg");
        HttpResponse<byte[]> zipped = proxy.getBytes("/repositories/bigorg", "Accept-Encoding", "br, gzip;q=0.8");
        HttpResponse<byte[]> refused = proxy.getBytes("/repositories/bigorg", "Accept-Encoding", "gzip;q=0, identity");

        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.body().length).isLessThan(plain.body().length / 5);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        assertThat(zipped.headers().firstValue("ETag")).isNotEqualTo(plain.headers().firstValue("ETag"));
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(proxy.get("/repositories/bigorg", "Accept-Encoding", "gzip",
                "If-None-Match", zipped.headers().firstValue("ETag").orElseThrow()).statusCode()).isEqualTo(304);
        assertThat(proxy.hub.count()).isEqualTo(13);
    }

    @Test
    void smallBodies_areNotCompressed() {
        assertThat(proxy.getBytes("/users/alice", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @ParameterizedTest(name = "Accept-Encoding: {0}")
    @ValueSource(strings = {"", "gzip"})
    void head_hasTheHeadersOfGet_andNoBody(String acceptEncoding) {
        String[] headers = acceptEncoding.isEmpty() ? new String[0] : new String[] {"Accept-Encoding", acceptEncoding};
        HttpResponse<byte[]> get = proxy.getBytes("/repositories/alice", headers);
        HttpResponse<String> head = proxy.send("HEAD", "/repositories/alice", headers);

        assertThat(head.body()).isEmpty();
        assertThat(withoutDate(head.headers().map())).isEqualTo(withoutDate(get.headers().map()));
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length));
    }

    @Test
    void hits_areByteIdentical_andMakeNoUpstreamCall() {
        byte[] first = proxy.getBytes("/repositories/alice/webapp/tags").body();
        for (int i = 0; i < 5; i++) {
            assertThat(proxy.getBytes("/repositories/alice/webapp/tags").body()).isEqualTo(first);
        }
        assertThat(proxy.hub.count()).isEqualTo(3);
    }

    private static Map<String, List<String>> withoutDate(Map<String, List<String>> headers) {
        Map<String, List<String>> copy = new HashMap<>(headers);
        copy.remove("date");
        copy.remove(":status");
        return copy;
    }
}
