package io.github.dockerhubproxy;

import static io.github.dockerhubproxy.OperationsEndToEndTest.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import io.github.dockerhubproxy.support.RedisServer;
import io.github.dockerhubproxy.support.TestProxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas sharing one real Redis: one fetch from Docker Hub for both, and Redis failing is no outage. */
class RedisTierEndToEndTest {
    private RedisServer redis;
    private FakeDockerHub hub;
    private TestProxy one;
    private TestProxy two;

    @BeforeEach
    void start() {
        redis = RedisServer.start();
        hub = FakeDockerHub.start();
        Map<String, String> env = Map.of("REDIS_URL", redis.url(), "UPSTREAM_RATE_LIMIT", "100000");
        one = TestProxy.start(hub, env);
        two = TestProxy.start(hub, env);
    }

    @AfterEach
    void stop() {
        if (one != null) {
            one.close();
            two.close();
            hub.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void anAnswerFetchedThroughOneReplica_isServedByTheOther_withoutDockerHub() {
        HttpResponse<String> first = one.get("/repositories/alice/webapp/tags");
        int upstream = hub.count();

        HttpResponse<String> second = two.get("/repositories/alice/webapp/tags");

        assertThat(upstream).isEqualTo(3);
        assertThat(hub.count()).isEqualTo(upstream);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(sample(two.get("/metrics").body(), "dockerhub_proxy_redis_hits_total", "")).isEqualTo(1);
    }

    @Test
    void coldRequestsSpreadOverBothReplicas_fetchEachPageOnce() throws Exception {
        List<HttpResponse<String>> answers = TestProxy.whileHeld(hub, "/v2/namespaces/bigorg/repositories",
                List.of(one, two), 20, "/repositories/bigorg");

        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));

        assertThat(hub.count()).isEqualTo(13);
    }

    @Test
    void redisStopping_isNoOutage_andItsReturnIsNoticed() {
        one.get("/users/alice");
        redis.stop();

        HttpResponse<String> cached = two.get("/users/alice");
        HttpResponse<String> cold = one.get("/users/bigorg");
        HttpResponse<String> coldToo = two.get("/repositories/alice/webapp");

        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(cold.statusCode()).isEqualTo(200);
        assertThat(coldToo.statusCode()).isEqualTo(200);
        String metrics = one.get("/metrics").body();
        assertThat(sample(metrics, "dockerhub_proxy_redis_errors_total", "")).isGreaterThan(0);
        assertThat(sample(metrics, "dockerhub_proxy_redis_up", "")).isZero();

        redis.resume();
        one.time.advance(Duration.ofSeconds(2));
        two.time.advance(Duration.ofSeconds(2));
        one.get("/users/emptyuser");
        int upstream = hub.count();
        HttpResponse<String> shared = two.get("/users/emptyuser");

        assertThat(shared.statusCode()).isEqualTo(200);
        assertThat(hub.count()).isEqualTo(upstream);
        assertThat(sample(two.get("/metrics").body(), "dockerhub_proxy_redis_up", "")).isEqualTo(1);
    }

    @Test
    void entriesOfAnotherKeyVersion_orFormat_areIgnored() {
        assertThat(redis.command("SET dockerhub-proxy:v0:User[username=alice] old-format-entry")).isEqualTo("+OK");
        assertThat(redis.command("SET dockerhub-proxy:v3:user/bigorg not-an-entry")).isEqualTo("+OK");

        assertThat(one.get("/users/alice").body()).contains("Alice M");
        assertThat(one.get("/users/bigorg").body()).contains("Big Org");

        assertThat(hub.count()).isEqualTo(2);
    }

    @Test
    void aLockLeftByADeadReplica_delaysButDoesNotBlock() {
        assertThat(redis.command("SET dockerhub-proxy:v3:lock:user/alice dead-replica PX 300")).isEqualTo("+OK");

        HttpResponse<String> answer = one.get("/users/alice");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(hub.count()).isEqualTo(1);
    }
}
