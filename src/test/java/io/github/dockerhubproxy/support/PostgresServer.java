package io.github.dockerhubproxy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package: {@code initdb} and {@code pg_ctl}) in a temporary
 * folder on a free loopback port, trusting local connections. Run as the {@code postgres} user when the tests run
 * as root (PostgreSQL refuses root). {@link #shared()} is one server for the whole test run, each test in a
 * database of its own; {@link #start()} a server of a test's own, which it may stop and resume.
 */
public final class PostgresServer implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path bin;
    private final Path folder;
    private final int port;
    private boolean running;

    private PostgresServer(Path bin, Path folder, int port) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
    }

    /** The server all tests share (started on first use, stopped when the test JVM exits). */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return shared;
    }

    /** A server of the caller's own; the test is skipped where PostgreSQL is not installed (.ci/run installs it). */
    public static PostgresServer start() {
        Optional<Path> bin = binaries();
        Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL is not installed (.ci/run installs Debian's postgresql)");
        try {
            Path folder = Files.createTempDirectory("postgres-test");
            Path data = folder.resolve("data");
            asOwner(folder);
            run(bin.get(), List.of("initdb", "-D", data.toString(), "-U", "proxy", "--auth=trust", "--no-sync", "-E", "UTF8"));
            for (int attempt = 1; ; attempt++) {
                PostgresServer server = new PostgresServer(bin.get(), folder, freePort());
                try {
                    server.resume();
                    return server;
                } catch (IllegalStateException taken) {
                    if (attempt == 5) {
                        throw taken;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A new, empty database: {@code postgresql://proxy@127.0.0.1:<port>/<name>}. */
    public String createDatabase() {
        String name = "test_" + DATABASES.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(jdbc("postgres"), "proxy", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a database: " + e.getMessage(), e);
        }
        return "postgresql://proxy@127.0.0.1:" + port + "/" + name;
    }

    private String jdbc(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Stops the server at once, as a crash would (it can be resumed, its data kept). */
    public synchronized void stop() {
        if (running) {
            run(bin, List.of("pg_ctl", "-D", folder.resolve("data").toString(), "stop", "-m", "immediate", "-w"));
            running = false;
        }
    }

    /** Starts the server (again) on its port and waits until it accepts connections. */
    public synchronized void resume() {
        run(bin, List.of("pg_ctl", "-D", folder.resolve("data").toString(), "-l", folder.resolve("log").toString(), "-w",
                "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
                "start"));
        running = true;
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void asOwner(Path folder) throws IOException {
        if (root()) {
            UserPrincipalLookupService users = folder.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(folder, users.lookupPrincipalByName("postgres"));
        }
    }

    private static void run(Path bin, List<String> command) {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.add(bin.resolve(command.get(0)).toString());
        full.addAll(command.subList(1, command.size()));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A free port below the kernel's ephemeral range: PostgreSQL cannot listen on port 0 and tell which port it got,
     * and a port taken from the ephemeral range may be handed to another test's socket before the server binds it,
     * or while it is stopped. Ports below the range are only ever taken on purpose, and the tests take none.
     */
    private static int freePort() {
        int low = 32768;
        try {
            // (read as a stream: /proc files say they are empty, and Files.readString believes them)
            try (java.io.InputStream range = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
                low = Integer.parseInt(new String(range.readAllBytes()).strip().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // the usual Linux default
        }
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 10_000 + random.nextInt(Math.max(1, low - 10_000));
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free port below " + low);
    }
}
