package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.support.TestProxy;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CORS headers as a browser sees them, on answers and errors alike. */
class CorsEndToEndTest {

    @Test
    void allowedOrigin_isReflected_withVary() {
        try (TestProxy proxy = TestProxy.start()) {
            HttpResponse<String> response = proxy.get("/users/alice", "Origin", "http://localhost:3000");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
            assertThat(response.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
        }
    }

    @Test
    void deniedOrigin_getsNoCorsHeaders_butTheSameAnswer() {
        try (TestProxy proxy = TestProxy.start()) {
            HttpResponse<String> allowed = proxy.get("/users/alice", "Origin", "http://localhost");
            HttpResponse<String> denied = proxy.get("/users/alice", "Origin", "http://localhost.evil.example");

            assertThat(denied.statusCode()).isEqualTo(200);
            assertThat(denied.body()).isEqualTo(allowed.body());
            assertThat(denied.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        }
    }

    @Test
    void corsHeaders_areOnErrorsToo() {
        try (TestProxy proxy = TestProxy.start()) {
            for (String path : new String[] {"/users/nobody", "/no/such/route", "/users/a%20b"}) {
                HttpResponse<String> response = proxy.get(path, "Origin", "http://127.0.0.1:8080");
                assertThat(response.statusCode()).as(path).isBetween(400, 499);
                assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("http://127.0.0.1:8080");
            }
            HttpResponse<String> notAllowed = proxy.send("POST", "/users/alice", "Origin", "http://localhost");
            assertThat(notAllowed.statusCode()).isEqualTo(405);
            assertThat(notAllowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost");
        }
    }

    @Test
    void preflight_answersGetAndHead_withRequestedHeadersAndMaxAge() {
        try (TestProxy proxy = TestProxy.start()) {
            HttpResponse<String> response = proxy.send("OPTIONS", "/repositories/alice/webapp/tags",
                    "Origin", "http://localhost:5173",
                    "Access-Control-Request-Method", "GET",
                    "Access-Control-Request-Headers", "X-Requested-With, Authorization");

            assertThat(response.statusCode()).isBetween(200, 204);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
            assertThat(response.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, HEAD");
            assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).hasValue("X-Requested-With, Authorization");
            assertThat(response.headers().firstValue("Access-Control-Max-Age")).hasValue("86400");
            assertThat(response.headers().allValues("Vary")).hasSize(1);
            assertThat(proxy.hub.count()).isZero();
        }
    }

    @Test
    void preflight_forAnotherMethodOrOrigin_allowsNothing() {
        try (TestProxy proxy = TestProxy.start()) {
            HttpResponse<String> post = proxy.send("OPTIONS", "/users/alice",
                    "Origin", "http://localhost", "Access-Control-Request-Method", "POST");
            HttpResponse<String> evil = proxy.send("OPTIONS", "/users/alice",
                    "Origin", "http://evil.example", "Access-Control-Request-Method", "GET");

            assertThat(post.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
            assertThat(evil.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        }
    }

    @Test
    void wildcardSubdomainEntry_fromTheSeedsReadme_works() {
        try (TestProxy proxy = TestProxy.start(Map.of("CORS_ORIGINS", "http://site.example.com, *.website.com"))) {
            assertThat(proxy.get("/users/alice", "Origin", "https://app.website.com:8443")
                    .headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.website.com:8443");
            assertThat(proxy.get("/users/alice", "Origin", "http://site.example.com")
                    .headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://site.example.com");
            assertThat(proxy.get("/users/alice", "Origin", "http://app.website.com.evil.example")
                    .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(proxy.get("/users/alice", "Origin", "http://localhost:3000")
                    .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void star_allowsAnyOrigin() {
        try (TestProxy proxy = TestProxy.start(Map.of("CORS_ORIGINS", "*"))) {
            assertThat(proxy.get("/users/alice", "Origin", "https://dashboard.example.org")
                    .headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dashboard.example.org");
        }
    }

    @Test
    void regexEntry_isAnchoredAtBothEnds() {
        try (TestProxy proxy = TestProxy.start(Map.of("CORS_ORIGINS", "https://[a-z]+\\.example\\.org"))) {
            assertThat(proxy.get("/users/alice", "Origin", "https://app.example.org")
                    .headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");
            assertThat(proxy.get("/users/alice", "Origin", "https://app.example.org.evil.example")
                    .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(proxy.get("/users/alice", "Origin", "xhttps://app.example.org")
                    .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }
}
