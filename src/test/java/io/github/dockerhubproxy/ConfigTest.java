package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    @TempDir
    Path dir;

    private Config config(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return Config.fromEnvironment(env);
    }

    @Test
    void defaults_areTheSeeds() {
        Config config = config();

        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(5000);
        assertThat(config.apiUrl()).hasToString("https://hub.docker.com");
        assertThat(config.cacheTtl()).isEqualTo(Duration.ofSeconds(300));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.upstreamTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.cors().allows("http://localhost:3000")).isTrue();
        assertThat(config.cors().allows("http://localhost.evil.example")).isFalse();
        assertThat(App.credentials(config)).hasToString("Anonymous[]");
    }

    @Test
    void values_areRead() {
        Config config = config("HTTP_HOST", "0.0.0.0", "HTTP_PORT", "8080", "CACHE_TTL", "60",
                "DOCKERHUB_API_URL", "http://fakehub:8000/", "UPSTREAM_TIMEOUT", "2.5", "CORS_ORIGINS", "*");

        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.cacheTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.apiUrl()).hasToString("http://fakehub:8000");
        assertThat(config.upstreamTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.cors().allows("https://anything.example")).isTrue();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiterString = ";", value = {
        "HTTP_PORT;abc",
        "HTTP_PORT;70000",
        "HTTP_PORT;-1",
        "CACHE_TTL;five",
        "CACHE_TTL;-3",
        "CACHE_NOT_FOUND_TTL;600",
        "CACHE_MAX_MB;0",
        "UPSTREAM_TIMEOUT;0",
        "UPSTREAM_CONNECT_TIMEOUT;soon",
        "UPSTREAM_PAGE_CONCURRENCY;0",
        "DOCKERHUB_API_URL;hub.docker.com",
        "DOCKERHUB_API_URL;ftp://hub.docker.com",
        "DOCKERHUB_API_URL;http://",
        "DOCKERHUB_API_URL;https://hub.docker.com/?x=1",
        "CORS_ORIGINS;http://a.example,*.bad(",
        "SHOW_PRIVATE;maybe",
        "LIST_MAX_ITEMS;0",
        "LIST_MAX_REPOSITORIES;lots",
        "CACHE_MAX_STALE;-1",
        "UPSTREAM_RATE_LIMIT;fast",
        "UPSTREAM_MAX_BODY_MB;abc",
        "UPSTREAM_MAX_BODY_MB;0",
        "LIST_MAX_MB;5000",
        "HTTP_MAX_CONNECTIONS;-1",
        "HTTP_HEADER_TIMEOUT;0",
        "HTTP_IDLE_TIMEOUT;x",
        "WATCH;Alice/webapp",
        "WATCH;alice",
        "WATCH;alice/web app",
        "WATCH_INTERVAL;5",
        "WATCH_INTERVAL;often",
        "DATABASE_URL;mysql://db/watch",
        "DATABASE_URL;postgresql://db.internal/",
        "WEBHOOK_URLS;ftp://receiver.example/hook",
        "WEBHOOK_URLS;https://receiver.example/a,not a url",
    })
    void badValue_stopsTheStart_namingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> config(variable, value))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.variable()).isEqualTo(variable);
                    assertThat(e.getMessage()).startsWith(variable + ": ").doesNotContain("\n");
                });
    }

    @Test
    void watchList_isOffByDefault_andReadWhenSet() {
        assertThat(config().watch().enabled()).isFalse();
        assertThat(config().watch().database().file()).isEqualTo(Path.of("data/dockerhub-proxy.db"));

        Config watching = config("WATCH", " alice/webapp, bigorg/* ,alice/webapp", "WATCH_INTERVAL", "60",
                "DATABASE_URL", "postgresql://proxy@db.internal/watch", "DATABASE_PASSWORD", "hunter2",
                "WEBHOOK_URLS", "https://receiver.example/hook", "WEBHOOK_SECRET", "s3cret");

        assertThat(watching.watch().repositories()).containsExactly("alice/webapp", "bigorg/*");
        assertThat(watching.watch().interval()).hasSeconds(60);
        assertThat(watching.watch().database().password()).isEqualTo("hunter2");
        assertThat(watching.watch().webhookUrls()).hasSize(1);
        assertThat(watching.toString()).contains("watch=2 every 60s").doesNotContain("hunter2").doesNotContain("s3cret");
        assertThatThrownBy(() -> config("WEBHOOK_URLS", "https://receiver.example/hook"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("WEBHOOK_SECRET"));
    }

    @Test
    void hardeningLimits_haveDefaults_andTakeFractions() {
        Config defaults = config();
        assertThat(defaults.upstreamMaxBodyBytes()).isEqualTo(4L << 20);
        assertThat(defaults.listMaxBytes()).isBetween(4L << 20, 32L << 20);
        assertThat(defaults.maxConnections()).isZero();
        assertThat(defaults.headerTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(defaults.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));

        Config set = config("UPSTREAM_MAX_BODY_MB", "0.5", "LIST_MAX_MB", "8", "HTTP_MAX_CONNECTIONS", "100",
                "HTTP_HEADER_TIMEOUT", "2.5", "HTTP_IDLE_TIMEOUT", "60");
        assertThat(set.upstreamMaxBodyBytes()).isEqualTo(512L * 1024);
        assertThat(set.listMaxBytes()).isEqualTo(8L << 20);
        assertThat(set.maxConnections()).isEqualTo(100);
        assertThat(set.headerTimeout()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThat(set.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void credentials_mustComeInPairs() {
        assertThatThrownBy(() -> config("DOCKERHUB_USERNAME", "alice"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("DOCKERHUB_PASSWORD"));
        assertThatThrownBy(() -> config("DOCKERHUB_PASSWORD", "hunter2"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("DOCKERHUB_USERNAME"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void accessToken_isExchangedWithTheUsername_whichItNeeds() {
        assertThatThrownBy(() -> config("DOCKERHUB_TOKEN", "dckr_pat_abc"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("DOCKERHUB_USERNAME"))
                .hasMessageNotContaining("dckr_pat_abc");

        Config config = config("DOCKERHUB_USERNAME", "bigorg", "DOCKERHUB_TOKEN", "dckr_oat_xyz");

        assertThat(App.credentials(config)).hasToString("Login[bigorg, ***]");
        assertThat(config.toString()).doesNotContain("dckr_oat_xyz");
    }

    @Test
    void showPrivate_isOffByDefault() {
        assertThat(config().showPrivate()).isFalse();
        assertThat(config("SHOW_PRIVATE", "true").showPrivate()).isTrue();
    }

    @Test
    void token_winsOverLogin_andIsNeverShown() {
        Config config = config("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_PASSWORD", "hunter2", "DOCKERHUB_TOKEN", "tok-123");

        assertThat(App.credentials(config)).hasToString("Token[***]");
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("tok-123").contains("***");
    }

    @Test
    void login_isShownWithoutThePassword() {
        Config config = config("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_PASSWORD", "hunter2");

        assertThat(App.credentials(config)).hasToString("Login[alice, ***]");
        assertThat(config.toString()).contains("alice").doesNotContain("hunter2");
    }

    @Test
    void secrets_comeFromFileVariables() throws IOException {
        Path password = Files.writeString(dir.resolve("password"), "from-file\n");

        Config config = config("DOCKERHUB_USERNAME", "alice", "DOCKERHUB_PASSWORD_FILE", password.toString());

        assertThat(config.password()).isEqualTo("from-file");
    }

    @Test
    void unreadableSecretFile_stopsTheStart_namingTheVariable() {
        assertThatThrownBy(() -> config("DOCKERHUB_TOKEN_FILE", dir.resolve("missing").toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("DOCKERHUB_TOKEN_FILE"));
    }

    @Test
    void bothValueAndFile_isAnError() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "t");

        assertThatThrownBy(() -> config("DOCKERHUB_TOKEN", "x", "DOCKERHUB_TOKEN_FILE", token.toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("DOCKERHUB_TOKEN"));
    }

    @Test
    void secrets_comeFromTheSecretsFile_belowTheEnvironment() throws IOException {
        Path secrets = Files.writeString(dir.resolve("secrets.env"), """
                # Docker Hub credentials
                DOCKERHUB_USERNAME=alice
                DOCKERHUB_PASSWORD = p=ss=word
                CORS_ORIGINS=https://dash.example.com
                """);

        Config config = config("SECRETS_FILE", secrets.toString(), "CORS_ORIGINS", "https://env.example.com");

        assertThat(config.username()).isEqualTo("alice");
        assertThat(config.password()).isEqualTo("p=ss=word");
        assertThat(config.cors().allows("https://env.example.com")).isTrue();
        assertThat(config.cors().allows("https://dash.example.com")).isFalse();
    }

    @Test
    void unreadableSecretsFile_stopsTheStart() {
        assertThatThrownBy(() -> config("SECRETS_FILE", dir.resolve("nope.env").toString()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("SECRETS_FILE"));
    }

    @Test
    void emptyCorsOrigins_allowsNoOrigin() {
        assertThat(config("CORS_ORIGINS", "").cors().allows("http://localhost")).isFalse();
    }
}
