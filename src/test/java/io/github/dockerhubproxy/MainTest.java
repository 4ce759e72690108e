package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.github.dockerhubproxy.fakehub.FakeDockerHub;
import org.junit.jupiter.api.Test;

/** The real entry point in a child JVM: configuration errors stop the start with one line. */
class MainTest {

    private static Process launch(Map<String, String> env, String... jvmFlags) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Everything a child writes from now until it exits. */
    private static String rest(BufferedReader lines) {
        StringBuilder all = new StringBuilder();
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                all.append(line).append('\n');
            }
        } catch (IOException e) {
            // the pipe goes when the process has exited: what was read is all there is
        }
        return all.toString();
    }

    private static String output(Process process) throws Exception {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void badPort_stopsWithOneLineNamingTheVariable() throws Exception {
        Process process = launch(Map.of("HTTP_PORT", "eighty", "DOCKERHUB_PASSWORD", "hunter2", "DOCKERHUB_USERNAME", "alice"));

        String output = output(process);

        assertThat(process.exitValue()).isNotZero();
        assertThat(output.strip().lines().toList()).hasSize(1);
        assertThat(output).contains("HTTP_PORT").doesNotContain("hunter2").doesNotContain("Exception");
    }

    @Test
    void portInUse_exitsNonZeroWithOneLineNamingTheVariables() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Process process = launch(Map.of("HTTP_PORT", Integer.toString(taken.getLocalPort()),
                    "DOCKERHUB_API_URL", "http://127.0.0.1:9"));

            String output = output(process);

            assertThat(process.exitValue()).isNotZero();
            assertThat(output.strip().lines().toList()).hasSize(1);
            assertThat(output).contains("HTTP_HOST/HTTP_PORT").contains(Integer.toString(taken.getLocalPort()))
                    .doesNotContain("listening on").doesNotContain("Exception");
        }
    }

    @Test
    void aFloodOfConnectionsBeyondTheDescriptorLimit_leavesTheListenerServing() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // soft = hard = 400: the JVM cannot raise it, and 600 connections would need more descriptors than it has
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "ulimit -n 400 && exec \"$0\" -cp \"$1\" "
                + Main.class.getName(), javaBin, System.getProperty("java.class.path")).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("HTTP_PORT", "0", "DOCKERHUB_API_URL", "http://127.0.0.1:9", "ACCESS_LOG", "false",
                "PATH", System.getenv("PATH")));
        Process process = builder.start();
        List<java.net.Socket> flood = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String startup = threads.submit(() -> lineContaining(lines, "listening on")).get(30, TimeUnit.SECONDS);
            int port = Integer.parseInt(startup.replaceAll(".*listening on http://[0-9.]+:([0-9]+).*", "$1"));
            Future<String> rest = threads.submit(() -> rest(lines));

            for (int i = 0; i < 600; i++) {
                flood.add(new java.net.Socket("127.0.0.1", port));
            }
            for (java.net.Socket socket : flood) {
                socket.close();
            }

            // the listener survived: once the flood is gone, /health answers again
            HttpClient client = HttpClient.newHttpClient();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status = 0;
            while (status != 200 && System.nanoTime() < end) {
                try {
                    status = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException e) {
                    status = -1;
                }
            }
            assertThat(status).isEqualTo(200);
            assertThat(process.isAlive()).isTrue();
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(rest.get(30, TimeUnit.SECONDS)).doesNotContain("terminating").doesNotContain("Too many open files");
        } finally {
            for (java.net.Socket socket : flood) {
                socket.close();
            }
            process.destroyForcibly();
        }
    }

    @Test
    void fiftyEndlessUpstreamBodiesAtOnce_inASmallHeap_areCutOff_withoutRunningOutOfMemory() throws Exception {
        try (io.github.dockerhubproxy.support.HostileUpstream upstream = io.github.dockerhubproxy.support.HostileUpstream
                .start(io.github.dockerhubproxy.support.HostileUpstream.Body.ENDLESS_CHUNKED);
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Process process = launch(Map.of("HTTP_PORT", "0", "DOCKERHUB_API_URL", upstream.url(), "ACCESS_LOG", "false",
                    "UPSTREAM_RATE_LIMIT", "100000"), "-Xmx64m");
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String startup = threads.submit(() -> lineContaining(lines, "listening on")).get(30, TimeUnit.SECONDS);
                String url = startup.replaceAll(".*listening on (http://[0-9.:]+).*", "$1");
                Future<String> rest = threads.submit(() -> rest(lines));
                HttpClient client = HttpClient.newHttpClient();
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    URI uri = URI.create(url + "/users/u" + i);
                    calls.add(threads.submit(() -> client.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode()));
                }
                for (Future<Integer> call : calls) {
                    assertThat(call.get(60, TimeUnit.SECONDS)).isIn(502, 503);
                }

                assertThat(client.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
                process.destroy();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(rest.get(30, TimeUnit.SECONDS)).doesNotContain("OutOfMemoryError");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void unreadableSecretFile_stopsWithOneLine() throws Exception {
        Process process = launch(Map.of("DOCKERHUB_TOKEN_FILE", "/nonexistent/token"));

        String output = output(process);

        assertThat(process.exitValue()).isNotZero();
        assertThat(output.strip().lines().toList()).hasSize(1);
        assertThat(output).contains("DOCKERHUB_TOKEN_FILE");
    }

    @Test
    void startupLine_namesTheAddress_andHidesSecrets() throws Exception {
        Process process = launch(Map.of("HTTP_PORT", "0", "DOCKERHUB_USERNAME", "alice", "DOCKERHUB_PASSWORD", "hunter2",
                "DOCKERHUB_API_URL", "http://127.0.0.1:9"));
        try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Future<String> startup = reader.submit(() -> {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.contains("listening on")) {
                        return line;
                    }
                }
                return "";
            });

            assertThat(startup.get(30, TimeUnit.SECONDS))
                    .contains("http://127.0.0.1:").contains("alice").contains("***").doesNotContain("hunter2");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigterm_duringASlowRequest_letsItFinish_andExitsZero() throws Exception {
        try (FakeDockerHub hub = FakeDockerHub.start(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            hub.hang("/v2/users/alice/");
            Process process = launch(Map.of("HTTP_PORT", "0", "DOCKERHUB_API_URL", hub.url(), "ACCESS_LOG", "false"));
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String startup = threads.submit(() -> lineContaining(lines, "listening on")).get(30, TimeUnit.SECONDS);
                String url = startup.replaceAll(".*listening on (http://[0-9.:]+).*", "$1");
                Future<HttpResponse<String>> slow = threads.submit(() -> HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(url + "/users/alice")).build(), HttpResponse.BodyHandlers.ofString()));
                assertThat(hub.awaitRequest("/v2/users/alice/")).isTrue();

                assertThat(process.toHandle().destroy()).as("SIGTERM sent").isTrue();
                threads.submit(() -> lineContaining(lines, "stopping")).get(30, TimeUnit.SECONDS);
                hub.release();

                assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(process.exitValue()).isZero();
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void runsUnderTheSmallDeviceFlags() throws Exception {
        String[] flags = Files.readString(Path.of("bench/small-device.flags")).strip().split("\\s+");
        try (FakeDockerHub hub = FakeDockerHub.start(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Process process = launch(Map.of("HTTP_PORT", "0", "DOCKERHUB_API_URL", hub.url(), "ACCESS_LOG", "false"), flags);
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String startup = threads.submit(() -> lineContaining(lines, "listening on")).get(30, TimeUnit.SECONDS);
                String url = startup.replaceAll(".*listening on (http://[0-9.:]+).*", "$1");
                HttpResponse<String> answer = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(url + "/repositories/bigorg")).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("repo-1234");
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theOptionsFile_startsTheProxy_withItsFlags_andLaterFlagsWin() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, String> env = Map.of("HTTP_PORT", "0", "DOCKERHUB_API_URL", "http://127.0.0.1:9", "ACCESS_LOG", "false");
            String options = "@" + Path.of("jvm.options").toAbsolutePath();
            Process plain = launch(env, "-XX:+UseG1GC", options);
            Process tuned = launch(env, "-XX:+UseG1GC", options, "-XX:MaxHeapFreeRatio=80");
            try {
                for (Process process : List.of(plain, tuned)) {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    threads.submit(() -> lineContaining(lines, "listening on")).get(30, TimeUnit.SECONDS);
                }

                assertThat(vmFlags(plain)).contains("-XX:InitialHeapSize=16777216", "-XX:MarkStackSize=262144", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
                        "-XX:G1PeriodicGCInterval=10000");
                assertThat(vmFlags(tuned)).contains("-XX:MaxHeapFreeRatio=80");
            } finally {
                plain.destroyForcibly();
                tuned.destroyForcibly();
            }
        }
    }

    /** The flags a running JVM reports as set, from {@code jcmd <pid> VM.flags}. */
    private static List<String> vmFlags(Process process) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process query = new ProcessBuilder(jcmd, Long.toString(process.pid()), "VM.flags").redirectErrorStream(true).start();
        return List.of(output(query).split("\\s+"));
    }

    private static String lineContaining(BufferedReader lines, String text) throws IOException {
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.contains(text)) {
                return line;
            }
        }
        return "";
    }
}
