package io.github.dockerhubproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.dockerhubproxy.cache.ResponseCache;
import io.github.dockerhubproxy.upstream.DockerHub;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A listener that stops on its own is noticed, so that the process can exit and be started again. */
class ListenerWatchTest {

    private static ProxyServer start() {
        DockerHub hub = DockerHub.builder().apiUrl(URI.create("http://127.0.0.1:9")).build();
        ResponseCache cache = new ResponseCache(hub, new ResponseCache.Settings(Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofDays(1), 1 << 20, false), Ticker.systemTicker(), Clock.systemUTC(), Runnable::run, null);
        ProxyServer.Settings settings = new ProxyServer.Settings("127.0.0.1", 0, new Routes(100, 100),
                CorsPolicy.localhostOnly(), Duration.ofSeconds(1), 0, Duration.ofSeconds(10), Duration.ofSeconds(30));
        return ProxyServer.start(settings, CompletableFuture.completedFuture(new ProxyServer.Parts(cache, hub,
                new Metrics(new Metrics.BuildInfo("test", "test", 0)), AccessLog.off())), Clock.systemUTC(), System::nanoTime);
    }

    @Test
    void aListenerThatStopsOnItsOwn_isReported() throws Exception {
        ProxyServer server = start();
        CountDownLatch died = new CountDownLatch(1);
        server.whenListenerDies(Duration.ofMillis(10), died::countDown);

        server.webServer().stop();

        assertThat(died.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anOrderlyStop_isNotADeath() throws Exception {
        ProxyServer server = start();
        AtomicInteger died = new AtomicInteger();
        Thread watch = server.whenListenerDies(Duration.ofMillis(10), died::incrementAndGet);

        server.close();

        watch.join(10_000);
        assertThat(watch.isAlive()).isFalse();
        assertThat(died).hasValue(0);
    }
}
