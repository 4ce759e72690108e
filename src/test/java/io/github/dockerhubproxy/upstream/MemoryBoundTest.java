package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.support.HostileUpstream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** However many hostile answers arrive at once, the bytes held stay within the process's pool. */
class MemoryBoundTest {

    @Test
    void concurrentEndlessBodies_shareOnePool_andGiveItAllBack() throws Exception {
        try (HostileUpstream upstream = HostileUpstream.start(HostileUpstream.Body.ENDLESS_CHUNKED);
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            DockerHub hub = DockerHub.builder().apiUrl(URI.create(upstream.url()))
                    .maxBodyBytes(1 << 20).maxBytesInFlight(3 << 20).requestsPerMinute(100_000).build();
            List<Future<DockerHubException.Kind>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String user = "u" + i;
                calls.add(clients.submit(() -> {
                    try {
                        hub.getUserDetails(user);
                        return null;
                    } catch (DockerHubException e) {
                        return e.kind();
                    }
                }));
            }
            List<DockerHubException.Kind> kinds = new ArrayList<>();
            for (Future<DockerHubException.Kind> call : calls) {
                kinds.add(call.get());
            }

            // each was cut off, by its own bound or by the pool's; none held more than the pool allows
            assertThat(kinds).isSubsetOf(DockerHubException.Kind.TOO_LARGE, DockerHubException.Kind.OVERLOADED)
                    .contains(DockerHubException.Kind.OVERLOADED);
            assertThat(hub.bytesInFlight()).isZero();
        }
    }

    @Test
    void thePool_neverGivesMoreThanItHas() {
        MemoryPool pool = new MemoryPool(100);

        assertThat(pool.take(60)).isTrue();
        assertThat(pool.take(50)).isFalse();
        assertThat(pool.take(40)).isTrue();
        assertThat(pool.held()).isEqualTo(100);
        pool.give(100);
        assertThat(pool.held()).isZero();
    }
}
