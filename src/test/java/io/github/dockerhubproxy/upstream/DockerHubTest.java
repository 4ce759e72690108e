package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.support.FakeTime;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Docker Hub client used on its own, as a library, against the emulated Docker Hub. */
class DockerHubTest {
    private final FakeDockerHub hub = FakeDockerHub.start();
    private final FakeTime time = new FakeTime();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        hub.close();
    }

    private DockerHub client(Credentials credentials) {
        return DockerHub.builder().apiUrl(URI.create(hub.url())).credentials(credentials).clock(time)
                .sleeper(sleeps::add).jitter(() -> 0.5).build();
    }

    private DockerHub anonymous() {
        return client(Credentials.anonymous());
    }

    @Test
    void everyMethod_returnsDockerHubsJson() {
        DockerHub client = anonymous();

        assertThat(client.getUserDetails("alice").get("full_name").asText()).isEqualTo("Alice Müller");
        assertThat(client.getRepositories("alice").get("count").asInt()).isEqualTo(5);
        assertThat(client.getRepository("alice", "webapp").get("full_description").asText()).contains("webapp");
        assertThat(client.getTags("alice", "webapp").get("results")).hasSize(250);
        assertThat(client.getDockerfile("alice", "webapp").get("contents").asText()).startsWith("FROM ");
        assertThat(client.getAutobuildSettings("alice", "webapp").get("build_tags")).hasSize(1);
        assertThat(client.getComments("alice", "webapp").get("results")).hasSize(150);
        assertThat(client.getBuildHistory("alice", "webapp").get("results")).hasSize(230);
        assertThat(client.getBuildDetails("alice", "webapp", "b00001").get("build_results").get("build_code").asText())
                .isEqualTo("b00001");
    }

    @Test
    void limit_truncatesResults_butCountIsUpstreams() {
        JsonNode repos = anonymous().getRepositories("bigorg", 10, 25);

        assertThat(repos.get("count").asInt()).isEqualTo(1234);
        assertThat(repos.get("results")).hasSize(25);
        assertThat(repos.get("results").get(24).get("name").asText()).isEqualTo("repo-0025");
        assertThat(hub.requests()).extracting(FakeDockerHub.Recorded::query)
                .containsExactlyInAnyOrder("page_size=10", "page_size=10&page=2", "page_size=10&page=3");
    }

    @Test
    void parallelPages_giveTheSameResultAsOneByOne() {
        DockerHub parallel = anonymous();
        DockerHub sequential = DockerHub.builder().apiUrl(URI.create(hub.url())).pageConcurrency(1).build();

        assertThat(parallel.getRepositories("bigorg")).isEqualTo(sequential.getRepositories("bigorg"));
        assertThat(parallel.getTags("alice", "manytags", 100, 1000)).isEqualTo(sequential.getTags("alice", "manytags", 100, 1000));
    }

    @Test
    void nextLinkToAnotherHost_isNeverFollowed() {
        try (FakeDockerHub other = FakeDockerHub.start()) {
            String page = "{\"count\":3,\"next\":\"" + other.url() + "/v2/namespaces/alice/repositories?page=2&page_size=2\","
                    + "\"previous\":null,\"results\":[{\"name\":\"a\"},{\"name\":\"b\"}]}";
            hub.script("/v2/namespaces/alice/repositories?page_size=2", 200, "application/json", page, 1);
            DockerHub client = client(Credentials.token("secret-token"));
            hub.acceptToken("secret-token");

            JsonNode repos = client.getRepositories("alice", 2, 100);

            assertThat(other.count()).isZero();
            assertThat(hub.requests()).extracting(FakeDockerHub.Recorded::target)
                    .containsExactly("/v2/namespaces/alice/repositories?page_size=2",
                            "/v2/namespaces/alice/repositories?page_size=2&page=2");
            assertThat(repos.get("results")).extracting(r -> r.get("name").asText()).containsExactly("a", "b", "tools", "manytags");
            assertThat(other.count()).isZero();
        }
    }

    @Test
    void pathValues_arePercentEncoded() {
        assertThatThrownBy(() -> anonymous().getUserDetails("a b?x#y/z")).isInstanceOf(DockerHubException.class);

        assertThat(hub.requests()).extracting(FakeDockerHub.Recorded::path).containsExactly("/v2/users/a%20b%3Fx%23y%2Fz/");
    }

    @Test
    void login_happensOnce_forManyConcurrentRequests() throws Exception {
        hub.requireAuth(true).latency(Duration.ofMillis(50));
        DockerHub client = client(Credentials.login(FakeDockerHub.USERNAME, FakeDockerHub.PASSWORD));
        List<Future<JsonNode>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= 20; i++) {
                String repo = String.format("repo-%04d", i);
                answers.add(pool.submit(() -> client.getRepository("bigorg", repo)));
            }
        }
        for (Future<JsonNode> answer : answers) {
            assertThat(answer.get().get("namespace").asText()).isEqualTo("bigorg");
        }
        assertThat(hub.logins()).isEqualTo(1);
        assertThat(hub.requests()).filteredOn(r -> r.method().equals("GET"))
                .extracting(FakeDockerHub.Recorded::authorization).containsOnly("Bearer " + hub.issuedTokens().get(0));
    }

    @Test
    void expiredToken_logsInAgainOnce_andRetries() {
        hub.requireAuth(true);
        DockerHub client = client(Credentials.login(FakeDockerHub.USERNAME, FakeDockerHub.PASSWORD));
        client.getUserDetails("alice");
        hub.expireTokens();

        JsonNode user = client.getUserDetails("bigorg");

        assertThat(user.get("username").asText()).isEqualTo("bigorg");
        assertThat(hub.logins()).isEqualTo(2);
        assertThat(hub.requests()).extracting(FakeDockerHub.Recorded::authorization).last()
                .isEqualTo("Bearer " + hub.issuedTokens().get(1));
    }

    @Test
    void notFoundAndRateLimit_keepTheToken() {
        DockerHub client = client(Credentials.login(FakeDockerHub.USERNAME, FakeDockerHub.PASSWORD));
        hub.fail("/v2/users/alice/", 429, 1);
        assertThatThrownBy(() -> client.getUserDetails("nobody")).isInstanceOf(DockerHubException.class);
        assertThatThrownBy(() -> client.getUserDetails("alice")).isInstanceOf(DockerHubException.class);

        time.advance(Duration.ofSeconds(31));
        client.getUserDetails("alice");

        assertThat(hub.logins()).isEqualTo(1);
    }

    @Test
    void token_isSentAsBearer_withoutLogin() {
        hub.requireAuth(true).acceptToken("dckr_static");
        DockerHub client = client(Credentials.token("dckr_static"));

        client.getUserDetails("alice");

        assertThat(hub.logins()).isZero();
        assertThat(hub.requests()).extracting(FakeDockerHub.Recorded::authorization).containsExactly("Bearer dckr_static");
    }

    @Test
    void rejectedToken_failsClearly() {
        DockerHub client = client(Credentials.token("wrong"));

        assertThatThrownBy(() -> client.getUserDetails("alice"))
                .isInstanceOfSatisfying(DockerHubException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DockerHubException.Kind.AUTH_FAILED);
                    assertThat(e.upstreamStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("DOCKERHUB_TOKEN").doesNotContain("wrong");
                });
        assertThat(hub.logins()).isZero();
    }

    @Test
    void badCredentials_failClearly_andAreNotRetriedInALoop() {
        DockerHub client = client(Credentials.login("alice", "wrong-password"));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.getUserDetails("alice"))
                    .isInstanceOfSatisfying(DockerHubException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DockerHubException.Kind.AUTH_FAILED);
                        assertThat(e.getMessage()).contains("login as 'alice' failed")
                                .contains("Incorrect authentication credentials").doesNotContain("wrong-password");
                    });
        }
        assertThat(hub.logins()).isEqualTo(1);

        time.advance(Authenticator.LOGIN_FAILURE_BACKOFF.plusSeconds(1));
        assertThatThrownBy(() -> client.getUserDetails("alice")).isInstanceOf(DockerHubException.class);
        assertThat(hub.logins()).isEqualTo(2);
    }

    @Test
    void twoFactorAccount_isToldToUseAnAccessToken() {
        hub.twoFactor(true);
        DockerHub client = client(Credentials.login(FakeDockerHub.USERNAME, FakeDockerHub.PASSWORD));

        assertThatThrownBy(() -> client.getUserDetails("alice")).hasMessageContaining("access token");
    }

    @Test
    void upstream404_isNotFound_withDockerHubsMessage() {
        assertThatThrownBy(() -> anonymous().getRepository("alice", "nope"))
                .isInstanceOfSatisfying(DockerHubException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DockerHubException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("alice/nope").contains("object not found");
                });
    }

    @Test
    void upstream5xx_isBadResponse_withStatus() {
        hub.fail("/v2/users/alice/", 500, 1);

        assertThatThrownBy(() -> anonymous().getUserDetails("alice"))
                .isInstanceOfSatisfying(DockerHubException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DockerHubException.Kind.BAD_RESPONSE);
                    assertThat(e.upstreamStatus()).isEqualTo(500);
                    assertThat(e.getMessage()).contains("user 'alice'").contains("500");
                });
    }

    @Test
    void upstream429_carriesRetryAfter() {
        hub.script("/v2/users/alice/", 429, "application/json", "{\"detail\":\"Rate limit exceeded\"}", 1);

        assertThatThrownBy(() -> anonymous().getUserDetails("alice"))
                .isInstanceOfSatisfying(DockerHubException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DockerHubException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isPresent();
                });
    }

    @Test
    void nonJsonBody_isBadResponse() {
        hub.script("/v2/users/alice/", 200, "text/html", "<html>oops</html>", 1);

        assertThatThrownBy(() -> anonymous().getUserDetails("alice"))
                .isInstanceOfSatisfying(DockerHubException.class,
                        e -> assertThat(e.kind()).isEqualTo(DockerHubException.Kind.BAD_RESPONSE));
    }

    @Test
    void slowUpstream_timesOutWithinTheDeadline() {
        hub.hang("/v2/users/alice/");
        DockerHub client = DockerHub.builder().apiUrl(URI.create(hub.url())).timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> client.getUserDetails("alice"))
                .isInstanceOfSatisfying(DockerHubException.class,
                        e -> assertThat(e.kind()).isEqualTo(DockerHubException.Kind.TIMEOUT));
    }

    @Test
    void refusedConnection_isRefused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DockerHub client = DockerHub.builder().apiUrl(URI.create("http://127.0.0.1:" + closedPort)).build();

        assertThatThrownBy(() -> client.getUserDetails("alice"))
                .isInstanceOfSatisfying(DockerHubException.class,
                        e -> assertThat(e.kind()).isEqualTo(DockerHubException.Kind.REFUSED));
    }

    @Test
    void droppedConnection_isUnreachable() throws Exception {
        try (ServerSocket server = new ServerSocket(0); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            pool.submit(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        socket.getInputStream().read();
                    }
                }
                return null;
            });
            DockerHub client = DockerHub.builder().apiUrl(URI.create("http://127.0.0.1:" + server.getLocalPort())).build();

            assertThatThrownBy(() -> client.getUserDetails("alice"))
                    .isInstanceOfSatisfying(DockerHubException.class,
                            e -> assertThat(e.kind()).isEqualTo(DockerHubException.Kind.UNREACHABLE));
            server.close();
        }
    }
}
