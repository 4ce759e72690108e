package io.github.dockerhubproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFilesTest {

    @Test
    void readsTheLimitsOfProc(@TempDir Path dir) throws Exception {
        Path limits = dir.resolve("limits");
        Files.writeString(limits, """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             unlimited            unlimited            processes
                Max open files            1024                 524288               files
                """);

        OpenFiles files = OpenFiles.parse(limits);

        assertThat(files).isEqualTo(new OpenFiles(1024, 524288));
        assertThat(files.raisable()).isTrue();
        assertThat(OpenFiles.parse(dir.resolve("missing"))).isEqualTo(new OpenFiles(-1, -1));
    }

    @Test
    void theCap_leavesRoomForEverythingElse_andTheOnesTurnedAway() {
        OpenFiles small = new OpenFiles(1024, 1024);
        int max = small.maxConnections(0);

        assertThat(max).isEqualTo(614);
        assertThat(small.acceptBound(max) + OpenFiles.RESERVED).isLessThan(1024);
        assertThat(small.maxConnections(5000)).isEqualTo(614);
        assertThat(small.maxConnections(100)).isEqualTo(100);
        assertThat(new OpenFiles(1_048_576, 1_048_576).maxConnections(0)).isEqualTo(OpenFiles.DEFAULT_MAX_CONNECTIONS);
        assertThat(new OpenFiles(-1, -1).maxConnections(0)).isEqualTo(OpenFiles.DEFAULT_MAX_CONNECTIONS);
    }

    @Test
    void theCap_alsoFitsTheHeap() {
        assertThat(ClientConnections.heapBound(192L << 20)).isEqualTo(2048);
        assertThat(ClientConnections.heapBound(24L << 20)).isEqualTo(256);
        assertThat(ClientConnections.heapBound(6L << 30)).isGreaterThan(OpenFiles.DEFAULT_MAX_CONNECTIONS);
        assertThat(ClientConnections.heapBound(1L << 20)).isEqualTo(16);
    }

    @Test
    void theJvmRaisedTheSoftLimitToTheHardOne() {
        OpenFiles files = OpenFiles.current();

        assertThat(files.soft()).isPositive();
        assertThat(files.raisable()).isFalse();
    }
}
