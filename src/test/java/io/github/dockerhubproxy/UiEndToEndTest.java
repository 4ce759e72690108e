package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.support.TestProxy;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The web page's files as the proxy serves them: types, security headers, caching, the browser redirect. */
class UiEndToEndTest {
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    private static final List<String> FILES = List.of("/ui/", "/ui/app.css", "/ui/app.js", "/ui/api.js", "/ui/dom.js", "/ui/markdown.js");
    private final TestProxy proxy = TestProxy.start();

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void everyPagePath_isThePage_withAStrictContentSecurityPolicy() {
        for (String path : List.of("/ui/", "/ui/alice", "/ui/alice/webapp")) {
            HttpResponse<String> page = proxy.get(path);

            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).contains(POLICY);
            assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\"></script>")
                    .doesNotContainPattern("<script(?![^>]*src=)").doesNotContain("style=").doesNotContainPattern("\\son[a-z]+=");
        }
    }

    @Test
    void theFiles_areTheProxysOwn_small_gzipped_andRevalidated() {
        int total = 0;
        for (String path : FILES) {
            HttpResponse<byte[]> file = proxy.getBytes(path);
            assertThat(file.statusCode()).as(path).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Security-Policy")).as(path).contains(POLICY);
            assertThat(new String(file.body())).as(path + " loads nothing from elsewhere").doesNotContain("http://").doesNotContain("https://");
            total += file.body().length;
        }
        HttpResponse<byte[]> script = proxy.getBytes("/ui/app.js", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> again = proxy.getBytes("/ui/app.js", "If-None-Match", proxy.getBytes("/ui/app.js").headers().firstValue("ETag").orElseThrow());

        assertThat(total).isLessThan(100 * 1024);
        assertThat(proxy.getBytes("/ui/app.js").headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(proxy.getBytes("/ui/app.css").headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(script.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(proxy.get("/ui/missing.js").statusCode()).isEqualTo(404);
    }

    @Test
    void theRoot_sendsBrowsersToThePage_andApiClientsAJson404() {
        HttpResponse<String> browser = proxy.get("/", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        HttpResponse<String> client = proxy.get("/", "Accept", "application/json");

        assertThat(browser.statusCode()).isEqualTo(303);
        assertThat(browser.headers().firstValue("Location")).contains("/ui/");
        assertThat(client.statusCode()).isEqualTo(404);
        assertThat(client.body()).contains("\"status\":404");
    }
}
