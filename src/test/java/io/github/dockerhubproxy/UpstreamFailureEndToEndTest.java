package io.github.dockerhubproxy;

import static io.github.dockerhubproxy.ProxyEndToEndTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.support.TestProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a client sees when Docker Hub is slow, down or refuses the proxy's credentials. */
class UpstreamFailureEndToEndTest {

    @Test
    void upstreamTimeout_is504() {
        try (TestProxy proxy = TestProxy.start(Map.of("UPSTREAM_TIMEOUT", "0.3"))) {
            proxy.hub.hang("/v2/users/alice/");

            HttpResponse<String> response = proxy.get("/users/alice");

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(json(response).get("status").asInt()).isEqualTo(504);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
    }

    @Test
    void upstreamUnreachable_is502() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_API_URL", "http://127.0.0.1:" + closedPort))) {
            HttpResponse<String> response = proxy.get("/repositories/alice");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(json(response).get("message").asText()).contains("cannot connect");
        }
    }

    @Test
    void badCredentials_are502WithAClearMessage_neverADroppedConnection() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_PASSWORD", "not-the-password"))) {
            HttpResponse<String> response = proxy.get("/users/alice");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(json(response).get("message").asText())
                    .contains("login as 'alice' failed").contains("DOCKERHUB_PASSWORD").doesNotContain("not-the-password");
        }
    }

    @Test
    void credentialsRequiredButNoneConfigured_is502() {
        try (TestProxy proxy = TestProxy.start()) {
            proxy.hub.requireAuth(true);

            HttpResponse<String> response = proxy.get("/users/alice");

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(json(response).get("message").asText()).contains("401");
        }
    }

    @Test
    void login_happensOnce_andTheTokenIsSent() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_USERNAME", FakeDockerHub.USERNAME,
                "DOCKERHUB_PASSWORD", FakeDockerHub.PASSWORD))) {
            proxy.hub.requireAuth(true);

            assertThat(proxy.get("/users/alice").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/repositories/alice/webapp/tags").statusCode()).isEqualTo(200);

            assertThat(proxy.hub.logins()).isEqualTo(1);
        }
    }

    @Test
    void dockerhubToken_isSentAsBearer() {
        try (TestProxy proxy = TestProxy.start(Map.of("DOCKERHUB_TOKEN", "dckr_static_token"))) {
            proxy.hub.requireAuth(true).acceptToken("dckr_static_token");

            HttpResponse<String> response = proxy.get("/repositories/alice/webapp");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(proxy.hub.requests()).extracting(FakeDockerHub.Recorded::authorization)
                    .containsExactly("Bearer dckr_static_token");
            assertThat(response.body()).doesNotContain("dckr_static_token");
        }
    }
}
