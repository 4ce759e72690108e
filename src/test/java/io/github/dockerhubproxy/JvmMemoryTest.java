package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmMemoryTest {
    @Test
    void withoutOperatorFlagsTheHeapShrinksAndG1CollectsWhenIdle() {
        assertThat(JvmMemory.flags(List.of("-Dfoo=bar"), true)).containsExactly(
                java.util.Map.entry("MinHeapFreeRatio", "10"),
                java.util.Map.entry("MaxHeapFreeRatio", "30"),
                java.util.Map.entry("G1PeriodicGCInterval", "10000"));
        assertThat(JvmMemory.flags(List.of(), false)).containsOnlyKeys("MinHeapFreeRatio", "MaxHeapFreeRatio");
    }

    @Test
    void flagsTheOperatorSetAreLeftAlone() {
        assertThat(JvmMemory.flags(List.of("-XX:MaxHeapFreeRatio=90", "-XX:G1PeriodicGCInterval=0"), true)).isEmpty();
        assertThat(JvmMemory.flags(List.of("-XX:MinHeapFreeRatio=50"), true)).containsOnlyKeys("G1PeriodicGCInterval");
        assertThat(JvmMemory.trimsWhenIdle(List.of("-XX:TrimNativeHeapInterval=5000"))).isFalse();
        assertThat(JvmMemory.trimsWhenIdle(List.of("-Xmx64m"))).isTrue();
    }

    @Test
    void trimsOnceAtTheStartOfEachQuietSpell() {
        JvmMemory.IdleTrim idle = new JvmMemory.IdleTrim();
        assertThat(idle.quiet(0)).as("first look").isFalse();
        assertThat(idle.quiet(0)).as("no request since startup: trim once").isTrue();
        assertThat(idle.quiet(0)).as("still idle: already trimmed").isFalse();
        assertThat(idle.quiet(500)).as("busy").isFalse();
        assertThat(idle.quiet(900)).as("busy").isFalse();
        assertThat(idle.quiet(900)).as("quiet again").isTrue();
        assertThat(idle.quiet(900)).isFalse();
        assertThat(idle.quiet(901)).isFalse();
        assertThat(idle.quiet(901)).isTrue();
    }

    @Test
    void theRunningJvmTakesTheFlagsAndTrims() {
        JvmMemory.Vm vm = JvmMemory.running();
        assertThat(vm.arguments()).isEqualTo(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String current = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption("MaxHeapFreeRatio").getValue();
        assertThat(vm.setFlag("MaxHeapFreeRatio", current)).isTrue();
        assertThat(vm.setFlag("NoSuchFlag", "1")).isFalse();
        assertThat(vm.setFlag("MaxHeapFreeRatio", "200")).as("out of range").isFalse();
        assertThat(vm.trimNativeHeap()).as("glibc on Linux").isTrue();
    }
}
