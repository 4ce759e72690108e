package io.github.dockerhubproxy;

import static io.github.dockerhubproxy.ProxyEndToEndTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.support.TestProxy;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What an operator sees: metrics, health, readiness, access log. */
class OperationsEndToEndTest {

    /** The value of one sample, e.g. {@code dockerhub_proxy_cache_lookups_total{outcome="hit"}}; 0 when absent. */
    static double sample(String metrics, String name, String labels) {
        for (String line : metrics.lines().toList()) {
            if (line.startsWith(name + "{") && labelsMatch(line, labels) || line.startsWith(name + " ") && labels.isEmpty()) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static boolean labelsMatch(String line, String labels) {
        String present = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
        for (String label : labels.split(",")) {
            if (!label.isEmpty() && !(present + ",").contains(label + ",")) {
                return false;
            }
        }
        return true;
    }

    private static String metrics(TestProxy proxy) {
        HttpResponse<String> response = proxy.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        return response.body();
    }

    @Test
    void metrics_countHitsMissesStaleServesAndUpstreamErrors() {
        try (TestProxy proxy = TestProxy.start(Map.of("CACHE_TTL", "60"))) {
            proxy.get("/users/alice");
            proxy.get("/users/alice");
            proxy.time.advance(Duration.ofSeconds(61));
            proxy.hub.fail("/v2/users/alice/", 500, -1);
            proxy.get("/users/alice");
            proxy.hub.fail("/v2/users/bigorg/", 500, 1);
            proxy.get("/users/bigorg");

            String metrics = metrics(proxy);

            assertThat(sample(metrics, "dockerhub_proxy_cache_lookups_total", "outcome=\"miss\"")).isEqualTo(1);
            assertThat(sample(metrics, "dockerhub_proxy_cache_lookups_total", "outcome=\"hit\"")).isEqualTo(1);
            assertThat(sample(metrics, "dockerhub_proxy_cache_lookups_total", "outcome=\"stale\"")).isEqualTo(1);
            assertThat(sample(metrics, "dockerhub_proxy_requests_seconds_count",
                    "method=\"GET\",route=\"/users/{username}\",status=\"200\"")).isEqualTo(3);
            assertThat(sample(metrics, "dockerhub_proxy_requests_seconds_count",
                    "method=\"GET\",route=\"/users/{username}\",status=\"502\"")).isEqualTo(1);
            assertThat(sample(metrics, "dockerhub_proxy_upstream_requests_seconds_count",
                    "route=\"/v2/users/{username}/\",status=\"500\"")).isEqualTo(2);
            assertThat(sample(metrics, "dockerhub_proxy_upstream_requests_seconds_count",
                    "route=\"/v2/users/{username}/\",status=\"200\"")).isEqualTo(1);
            assertThat(sample(metrics, "dockerhub_proxy_cache_entries", "")).isEqualTo(1);
            assertThat(sample(metrics, "dockerhub_proxy_cache_size_bytes", "")).isGreaterThan(200);
            assertThat(sample(metrics, "dockerhub_proxy_upstream_ratelimit_limit", "")).isEqualTo(180);
            assertThat(metrics).contains("dockerhub_proxy_info{").contains("jvm_memory_used_bytes")
                    .contains("process_cpu_usage").contains("jvm_threads_live_threads").contains("jvm_gc_")
                    .contains("process_files_open_files").contains("dockerhub_proxy_build_timestamp_seconds");
        }
    }

    @Test
    void metrics_countRetriesAndLogins() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_TOKEN", FakeDockerHub.PAT))) {
            proxy.hub.fail("/v2/users/alice/", 503, 1);
            proxy.get("/users/alice");

            String metrics = metrics(proxy);

            assertThat(sample(metrics, "dockerhub_proxy_upstream_retries_total", "route=\"/v2/users/{username}/\"")).isEqualTo(1);
            assertThat(sample(metrics, "dockerhub_proxy_upstream_logins_total", "outcome=\"success\"")).isEqualTo(1);
        }
    }

    @Test
    void labelCardinality_staysBounded_for1000DistinctUsernames() throws Exception {
        try (TestProxy proxy = TestProxy.start();
                ExecutorService pool = Executors.newFixedThreadPool(16)) {
            proxy.hub.rateLimit(1_000_000);
            for (int i = 0; i < 1000; i++) {
                String name = "user" + i;
                pool.submit(() -> proxy.get("/users/" + name));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            String metrics = metrics(proxy);

            Set<String> series = new TreeSet<>();
            Matcher m = Pattern.compile("(?m)^dockerhub_proxy_(upstream_)?requests_seconds_count\\{[^}]*}").matcher(metrics);
            while (m.find()) {
                series.add(m.group());
            }
            assertThat(series).hasSizeLessThanOrEqualTo(6).noneMatch(s -> s.contains("user1"));
            assertThat(sample(metrics, "dockerhub_proxy_requests_seconds_count",
                    "method=\"GET\",route=\"/users/{username}\",status=\"404\"")).isEqualTo(1000);
            assertThat(metrics).doesNotContain("user999");
        }
    }

    @Test
    void promtool_acceptsTheOutput() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool is not installed (.ci/run installs it)");
        try (TestProxy proxy = TestProxy.start()) {
            proxy.get("/users/alice");
            proxy.get("/users/nobody");
            proxy.get("/repositories/alice/webapp/tags");
            String metrics = metrics(proxy);

            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            check.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
            check.getOutputStream().close();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(output).isZero();
        }
    }

    @Test
    void health_isUpWhileServing() {
        try (TestProxy proxy = TestProxy.start()) {
            HttpResponse<String> health = proxy.get("/health");

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(json(health).get("status").asText()).isEqualTo("up");
        }
    }

    @Test
    void ready_reportsTheLastUpstreamContact_withoutFailing() {
        try (TestProxy proxy = TestProxy.start()) {
            JsonNode before = json(proxy.get("/ready"));
            proxy.hub.fail("/v2/users/alice/", 500, 1);
            proxy.get("/users/alice");
            HttpResponse<String> failed = proxy.get("/ready");
            proxy.get("/users/bigorg");
            JsonNode recovered = json(proxy.get("/ready"));

            assertThat(before.get("status").asText()).isEqualTo("ready");
            assertThat(before.get("upstream").get("last_contact_ok").isNull()).isTrue();
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(json(failed).get("upstream").get("last_contact_ok").asBoolean()).isFalse();
            assertThat(json(failed).get("upstream").get("problem").asText()).contains("500");
            assertThat(recovered.get("upstream").get("last_contact_ok").asBoolean()).isTrue();
            assertThat(recovered.get("upstream").get("last_contact_at").asText()).isNotEmpty();
        }
    }

    @Test
    void accessLog_hasOneLinePerRequest_withRouteNotPath_andNoSecrets() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_TOKEN", FakeDockerHub.PAT))) {
            proxy.hub.requireAuth(true);
            proxy.get("/users/alice", "Authorization", "Bearer client-secret-token");
            proxy.get("/users/alice");
            proxy.send("HEAD", "/repositories/alice/webapp/tags");
            proxy.get("/nope");

            proxy.app.flushAccessLog();
            String log = proxy.accessLog.toString(StandardCharsets.UTF_8);

            assertThat(log.lines()).hasSize(4).allMatch(line -> line.matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z access method=[A-Z]+ route=\\S+ status=\\d{3} bytes=\\d+ duration_us=\\d+ cache=(hit|miss|stale|-)"),
                    "the format the README shows");
            assertThat(log).contains("method=GET route=/users/{username} status=200").contains("cache=miss")
                    .contains("cache=hit").contains("method=HEAD route=/repositories/{username}/{repository}/tags")
                    .contains("route=unmatched status=404");
            assertThat(log).doesNotContain("client-secret-token").doesNotContain(FakeDockerHub.PAT)
                    .doesNotContain(proxy.hub.issuedTokens().get(0)).doesNotContain("/users/alice");
            String metrics = metrics(proxy);
            assertThat(metrics).doesNotContain(FakeDockerHub.PAT).doesNotContain(proxy.hub.issuedTokens().get(0));
        }
    }

    @Test
    void accessLog_canBeSwitchedOff() throws IOException {
        try (TestProxy proxy = TestProxy.start(Map.of("ACCESS_LOG", "false"))) {
            assertThat(proxy.app.accessLogEnabled()).isFalse();
        }
    }
}
