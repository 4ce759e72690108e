package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmMemoryTest {
    @Test
    void withoutOperatorFlagsTheHeapShrinksAfterCollections() {
        assertThat(JvmMemory.flags(List.of("-Dfoo=bar", "-Xmx64m"))).containsExactly(
                Map.entry("MinHeapFreeRatio", "10"),
                Map.entry("MaxHeapFreeRatio", "30"));
    }

    @Test
    void flagsTheOperatorSetAreLeftAlone() {
        assertThat(JvmMemory.flags(List.of("-XX:MaxHeapFreeRatio=90"))).isEmpty();
        assertThat(JvmMemory.flags(List.of("-XX:MinHeapFreeRatio=50"))).isEmpty();
        assertThat(JvmMemory.trimsWhenIdle(List.of("-XX:TrimNativeHeapInterval=5000"))).isFalse();
        assertThat(JvmMemory.trimsWhenIdle(List.of("-Xmx64m"))).isTrue();
    }

    @Test
    void aQuietSpellBeginsOnce_afterAWholeCheckWithoutRequests() {
        JvmMemory.QuietSpells idle = new JvmMemory.QuietSpells();
        assertThat(idle.quiet(0)).as("first look").isFalse();
        assertThat(idle.quiet(0)).as("no request since startup: settle once").isTrue();
        assertThat(idle.quiet(0)).as("still idle: already settled").isFalse();
        assertThat(idle.quiet(500)).as("busy").isFalse();
        assertThat(idle.quiet(900)).as("busy").isFalse();
        assertThat(idle.quiet(900)).as("quiet again").isTrue();
        assertThat(idle.quiet(900)).isFalse();
        assertThat(idle.quiet(901)).isFalse();
        assertThat(idle.quiet(901)).isTrue();
    }

    /** A JVM whose heap, read before and after each collection, is committed as given; records what was done. */
    private static final class ScriptedVm implements JvmMemory.Vm {
        final List<String> calls = new ArrayList<>();
        final Deque<Long> committed = new ArrayDeque<>();
        long last;
        boolean canTrim = true;

        ScriptedVm heap(long... megabytes) {
            for (long mb : megabytes) {
                committed.add(mb);
            }
            return this;
        }

        public List<String> arguments() {
            return List.of();
        }

        public boolean setFlag(String name, String value) {
            return true;
        }

        public long committedHeap() {
            last = committed.isEmpty() ? last : committed.poll();
            return last;
        }

        public void collect() {
            calls.add("collect");
        }

        public boolean trimNativeHeap() {
            calls.add("trim");
            return canTrim;
        }
    }

    @Test
    void g1_shrinksInOneCollection_soTheSecondEndsIt_thenTheTrim() {
        ScriptedVm vm = new ScriptedVm().heap(400, 20, 20);
        new JvmMemory.Settle(vm, true).run();
        assertThat(vm.calls).containsExactly("collect", "collect", "trim");
    }

    @Test
    void serial_shrinksInSteps_noneAtTheFirstCollection_soUpToFourCollections() {
        ScriptedVm vm = new ScriptedVm().heap(108, 108, 98, 60, 24);
        new JvmMemory.Settle(vm, true).run();
        assertThat(vm.calls).containsExactly("collect", "collect", "collect", "collect", "trim");

        ScriptedVm settled = new ScriptedVm().heap(24, 24, 24);
        new JvmMemory.Settle(settled, true).run();
        assertThat(settled.calls).as("nothing to give back").containsExactly("collect", "collect", "trim");
    }

    @Test
    void aQuietSpellWithTheHeapNoBiggerThanAfterTheLastSettle_doesNothing() {
        ScriptedVm vm = new ScriptedVm().heap(400, 20, 20, 20, 24, 24, 24);
        JvmMemory.Settle settle = new JvmMemory.Settle(vm, true);
        settle.run();
        assertThat(vm.calls).containsExactly("collect", "collect", "trim");

        vm.calls.clear();
        settle.run();
        assertThat(vm.calls).as("20 MB, as after the last settle (a health check now and then)").isEmpty();

        settle.run();
        assertThat(vm.calls).as("24 MB: the heap grew since").containsExactly("collect", "collect", "trim");
    }

    @Test
    void theTrimStopsOnceTheJvmCannotTrim_andIsLeftToTheJvmWhenTheOperatorSaysSo() {
        ScriptedVm vm = new ScriptedVm().heap(24, 24, 24, 30);
        vm.canTrim = false;
        JvmMemory.Settle settle = new JvmMemory.Settle(vm, true);
        settle.run();
        settle.run();
        assertThat(vm.calls).containsExactly("collect", "collect", "trim", "collect", "collect");

        ScriptedVm own = new ScriptedVm().heap(24);
        new JvmMemory.Settle(own, false).run();
        assertThat(own.calls).as("the operator has the JVM trim").doesNotContain("trim");
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
        assertThat(vm.committedHeap()).isPositive().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(vm.trimNativeHeap()).as("glibc on Linux").isTrue();
    }
}
