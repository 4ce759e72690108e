package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real entry point in a child JVM: configuration errors stop the start with one line. */
class MainTest {

    private static Process launch(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
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
}
