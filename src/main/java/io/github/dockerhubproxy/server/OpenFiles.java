package io.github.dockerhubproxy.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's limit on open file descriptors ({@code nofile}), read from {@code /proc/self/limits} at startup.
 * The JVM raises the soft limit to the hard one by itself ({@code -XX:+MaxFDLimit}, on by default); this class only
 * reads what came of it, so that the connection cap leaves room for everything else the process opens.
 *
 * @param soft the limit in force (-1: unknown, not Linux)
 * @param hard the most it could be raised to (-1: unknown)
 */
record OpenFiles(long soft, long hard) {
    /** Descriptors kept for what is not a client connection: jars, upstream and Redis connections, logs. */
    static final int RESERVED = 256;
    /** The cap when nothing limits it more: each open connection costs memory too. */
    static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /** The limits of this process. */
    static OpenFiles current() {
        return parse(Path.of("/proc/self/limits"));
    }

    static OpenFiles parse(Path limits) {
        try {
            for (String line : Files.readAllLines(limits)) {
                if (line.startsWith("Max open files")) {
                    String[] words = line.substring("Max open files".length()).trim().split("\\s+");
                    return new OpenFiles(number(words[0]).orElse(-1), number(words[1]).orElse(-1));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: unknown
        }
        return new OpenFiles(-1, -1);
    }

    private static OptionalLong number(String word) {
        return word.equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(word));
    }

    /** Whether the soft limit is below the hard one (the JVM was told not to raise it). */
    boolean raisable() {
        return soft >= 0 && hard > soft;
    }

    /**
     * The most client connections to keep open: {@code configured} (0: {@value #DEFAULT_MAX_CONNECTIONS}), but never
     * so many that, with the ones being turned away and the reserve, the process would run out of descriptors.
     */
    int maxConnections(int configured) {
        int wanted = configured > 0 ? configured : DEFAULT_MAX_CONNECTIONS;
        if (soft < 0) {
            return wanted;
        }
        long safe = Math.max(16, (soft - RESERVED) * 8 / 10);
        return (int) Math.min(wanted, safe);
    }

    /** Connections Helidon may accept at once: the cap, plus room to answer the ones beyond it 503 and close them. */
    int acceptBound(int maxConnections) {
        long room = soft < 0 ? RESERVED / 2 : Math.max(8, (soft - RESERVED - maxConnections) / 2);
        return (int) Math.min(Integer.MAX_VALUE, maxConnections + room);
    }
}
