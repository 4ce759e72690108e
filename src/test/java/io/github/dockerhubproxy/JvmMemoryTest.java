package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmMemoryTest {
    @Test
    void withoutOperatorFlagsTheHeapShrinksAfterCollections() {
        assertThat(JvmMemory.flags(List.of("-Dfoo=bar", "-Xmx64m"))).containsExactly(
                java.util.Map.entry("MinHeapFreeRatio", "10"),
                java.util.Map.entry("MaxHeapFreeRatio", "30"));
    }

    @Test
    void flagsTheOperatorSetAreLeftAlone() {
        assertThat(JvmMemory.flags(List.of("-XX:MaxHeapFreeRatio=90"))).isEmpty();
        assertThat(JvmMemory.flags(List.of("-XX:MinHeapFreeRatio=50"))).isEmpty();
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
    void aQuietSpellStartsWithACollectionThenATrim_untilTheJvmCannotTrim() {
        List<String> calls = new java.util.ArrayList<>();
        boolean[] canTrim = {true};
        JvmMemory.Vm vm = new JvmMemory.Vm() {
            public List<String> arguments() {
                return List.of();
            }

            public boolean setFlag(String name, String value) {
                return true;
            }

            public void collect() {
                calls.add("collect");
            }

            public boolean trimNativeHeap() {
                calls.add("trim");
                return canTrim[0];
            }
        };
        JvmMemory.Settle settle = new JvmMemory.Settle(vm, true);
        settle.run();
        assertThat(calls).containsExactly("collect", "trim");

        canTrim[0] = false;
        settle.run();
        settle.run();
        assertThat(calls).containsExactly("collect", "trim", "collect", "trim", "collect");

        calls.clear();
        new JvmMemory.Settle(vm, false).run();
        assertThat(calls).as("the operator has the JVM trim").containsExactly("collect");
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
