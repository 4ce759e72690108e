package io.github.dockerhubproxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * {@code java -jar dockerhub-proxy.jar --healthcheck}: asks the proxy running beside it for {@code /health}
 * and exits 0 when it answers 200, 1 otherwise — the container image has no curl or shell, so this is its
 * {@code HEALTHCHECK}.
 */
final class HealthCheck {
    private HealthCheck() {
    }

    static int run(Map<String, String> env) {
        String port = env.getOrDefault("HTTP_PORT", "5000");
        try {
            HttpResponse<Void> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            System.err.println("dockerhub-proxy: health check failed: " + e);
            return 1;
        }
    }
}
