package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.server.Routes;
import io.github.dockerhubproxy.upstream.DockerHub;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The README is the manual: it must name every route, library method and configuration variable. */
class ReadmeTest {
    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    @Test
    void everyRoute_isInTheReadme() throws IOException {
        String readme = readme();

        assertThat(Routes.templates()).isNotEmpty().allSatisfy(route -> assertThat(readme).contains("`" + route + "`"));
    }

    @Test
    void everyLibraryMethod_isInTheReadme() throws IOException {
        String readme = readme();

        assertThat(Arrays.stream(DockerHub.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().startsWith("get"))
                .map(Method::getName).distinct().toList())
                .hasSizeGreaterThanOrEqualTo(11)
                .allSatisfy(method -> assertThat(readme).contains("`" + method + "("));
    }

    @Test
    void everyVariable_isInTheConfigurationTable() throws IOException {
        String readme = readme();

        assertThat(Config.VARIABLES).allSatisfy(variable -> assertThat(readme).contains("| `" + variable + "` |"));
    }

    @Test
    void theTopShowsTheRunAndTestCommands() throws IOException {
        String top = readme().substring(0, 700);

        assertThat(top).contains("java @jvm.options -jar target/dockerhub-proxy.jar").contains("mvn -B test");
    }

    @Test
    void oneOptionsFile_launchesTheProxyEverywhere() throws IOException {
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("\"@/app/jvm.options\"");
        assertThat(Files.readString(Path.of("scripts/build-image.sh"))).contains("\"@/app/jvm.options\"")
                .contains("jvm.options /app/jvm.options");
        assertThat(Files.readString(Path.of("bench/lib.sh"))).contains("java @jvm.options");
    }

    @Test
    void ciRunsExactlyTheReadmesTestCommand() throws IOException {
        assertThat(Files.readString(Path.of(".ci/run"))).contains("\nmvn -B test");
    }
}
