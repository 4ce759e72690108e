package io.github.dockerhubproxy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import javax.management.ObjectName;

/**
 * Gives memory back to the host once a burst of requests is over. The proxy's live data is small (the cache is
 * bounded by {@code CACHE_MAX_MB}), but a JVM started without heap flags sizes itself from the host's memory: under
 * load G1 grows its young generation into hundreds of megabytes and keeps them, and glibc keeps the compilers'
 * freed native memory. Unless the operator chose these settings themselves, at startup the heap is told to shrink
 * after a collection when more than {@value #MAX_HEAP_FREE_RATIO} % of it is free; at the start of each quiet spell
 * (no request for {@value #IDLE_SECONDS} s, checked every {@value #IDLE_SECONDS} s) in which the heap holds more than
 * it did after the last one, the heap is collected — full collections, while nobody waits for an answer, until it
 * stops shrinking — and the native heap trimmed. Under load nothing changes; nothing here runs on the request path.
 * {@code -XX:+DisableExplicitGC} turns the idle collection off, {@code -XX:TrimNativeHeapInterval} replaces the
 * trim.
 */
final class JvmMemory {
    private static final Logger LOG = Logger.getLogger(JvmMemory.class.getName());
    static final int IDLE_SECONDS = 10;
    static final int MIN_HEAP_FREE_RATIO = 10;
    static final int MAX_HEAP_FREE_RATIO = 30;

    /** The JVM's knobs. */
    interface Vm {
        /** The JVM's command-line options. */
        List<String> arguments();

        /** Sets a manageable flag; false if the JVM refuses it. */
        boolean setFlag(String name, String value);

        /** Collects the heap (a full collection), after which it shrinks to the free ratios. */
        void collect();

        /** The bytes of heap the JVM holds from the operating system. */
        long committedHeap();

        /** Returns the C heap's free memory to the operating system; false if the JVM cannot. */
        boolean trimNativeHeap();
    }

    private JvmMemory() {
    }

    /**
     * The manageable flags to set, in order (the minimum free ratio must come down before the maximum may go
     * below the default minimum); a flag the operator set on the command line is left alone.
     */
    static Map<String, String> flags(List<String> arguments) {
        Map<String, String> flags = new LinkedHashMap<>();
        if (!given(arguments, "MinHeapFreeRatio") && !given(arguments, "MaxHeapFreeRatio")) {
            flags.put("MinHeapFreeRatio", Integer.toString(MIN_HEAP_FREE_RATIO));
            flags.put("MaxHeapFreeRatio", Integer.toString(MAX_HEAP_FREE_RATIO));
        }
        return flags;
    }

    /** Whether the native heap is trimmed here: not when the operator has the JVM trim it periodically. */
    static boolean trimsWhenIdle(List<String> arguments) {
        return !given(arguments, "TrimNativeHeapInterval");
    }

    private static boolean given(List<String> arguments, String flag) {
        return arguments.stream().anyMatch(argument -> argument.startsWith("-XX:" + flag + "="));
    }

    /** Sets the flags and starts the idle watch on a virtual thread. */
    static void start(Vm vm, LongSupplier requestsStarted) {
        List<String> arguments = vm.arguments();
        flags(arguments).forEach((name, value) -> {
            if (!vm.setFlag(name, value)) {
                LOG.fine(() -> "JVM refused -XX:" + name + "=" + value);
            }
        });
        Settle settle = new Settle(vm, trimsWhenIdle(arguments));
        QuietSpells idle = new QuietSpells();
        Thread.ofVirtual().name("memory").start(() -> {
            try {
                while (true) {
                    Thread.sleep(Duration.ofSeconds(IDLE_SECONDS));
                    if (idle.quiet(requestsStarted.getAsLong())) {
                        settle.run();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * What a quiet spell starts with: collections until the heap stops shrinking, then (while the JVM can) a trim of
     * the native heap. G1 shrinks to the free ratios in one full collection; Serial and Parallel shrink in steps
     * ({@code ShrinkHeapInSteps}: none of the excess at the first collection, then 10 %, 40 %, all of it), hence up
     * to {@value #MAX_COLLECTIONS}, stopping at the first one after the first that gives nothing back. Nothing at all
     * when the heap holds no more than after the last settle (an idle proxy polled by a health check).
     */
    static final class Settle implements Runnable {
        static final int MAX_COLLECTIONS = 4;
        private final Vm vm;
        private boolean trim;
        private long settled = -1;

        Settle(Vm vm, boolean trim) {
            this.vm = vm;
            this.trim = trim;
        }

        @Override
        public void run() {
            long committed = vm.committedHeap();
            if (settled >= 0 && committed <= settled) {
                return;
            }
            for (int i = 0; i < MAX_COLLECTIONS; i++) {
                vm.collect();
                long after = vm.committedHeap();
                boolean shrank = after < committed;
                committed = after;
                if (!shrank && i > 0) {
                    break;
                }
            }
            settled = committed;
            if (trim && !vm.trimNativeHeap()) {
                trim = false;
            }
        }
    }

    /**
     * Tells, from the number of requests started so far read at every check, when a quiet spell begins: no request
     * since the last check, but some since the last quiet spell began (so an idle proxy settles once, not at every
     * check).
     */
    static final class QuietSpells {
        private long lastCount = -1;
        private long countAtStart = -1;

        /** Whether a quiet spell begins now. */
        boolean quiet(long requestsStarted) {
            boolean quiet = requestsStarted == lastCount && requestsStarted != countAtStart;
            lastCount = requestsStarted;
            if (quiet) {
                countAtStart = requestsStarted;
            }
            return quiet;
        }
    }

    /** This JVM, through its management beans. */
    static Vm running() {
        return new Vm() {
            @Override
            public List<String> arguments() {
                return ManagementFactory.getRuntimeMXBean().getInputArguments();
            }

            @Override
            public long committedHeap() {
                return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
            }

            @Override
            @SuppressWarnings("java:S1215") // the point: the proxy is idle, nobody waits for the pause
            public void collect() {
                System.gc();
            }

            @Override
            public boolean setFlag(String name, String value) {
                try {
                    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).setVMOption(name, value);
                    return true;
                } catch (RuntimeException e) {
                    return false;
                }
            }

            @Override
            public boolean trimNativeHeap() {
                try {
                    Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                            new Object[] {new String[0]}, new String[] {String[].class.getName()});
                    return out instanceof String text && !text.toLowerCase(Locale.ROOT).contains("not available");
                } catch (Exception e) {
                    return false;
                }
            }
        };
    }
}
