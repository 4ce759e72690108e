package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tags as versions, on names real repositories use (nginx, node, python, postgres, redis, alpine, traefik, ...). */
class TagVersionTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "1.27.3 | release | -",
        "v2.11.14 | release | -",
        "V3 | release | -",
        "3.21 | release | -",
        "1.27.3-alpine | release | alpine",
        "1.27.3-alpine3.20-slim | release | alpine3.20-slim",
        "22.11.0-bookworm-slim | release | bookworm-slim",
        "17.2-bookworm | release | bookworm",
        "7.4.1-alpine | release | alpine",
        "3.13.0rc2 | pre | -",
        "3.14.0a1 | pre | -",
        "3.14.0b3-slim | pre | -",
        "2.0.0-rc.1 | pre | -",
        "1.0.0-beta.2 | pre | -",
        "v3.0.0-alpha1 | pre | -",
        "18.0-preview | pre | -",
        "6.0.0-dev | pre | -",
        "2024.10.1 | release | -",
        "20.04 | release | -",
        "1.2.3+build.5 | release | build.5",
        "latest | none | -",
        "edge | none | -",
        "stable-alpine | none | -",
        "sha-3f2a1b9 | none | -",
        "mainline | none | -",
        "7zip | none | -",
        "1.2.x | none | -"})
    void realTagNames(String tag, String kind, String variant) {
        Optional<TagVersion> version = TagVersion.of(tag);
        switch (kind) {
            case "none" -> assertThat(version).isEmpty();
            case "pre" -> assertThat(version).get().satisfies(v -> assertThat(v.isPreRelease()).isTrue());
            default -> assertThat(version).get().satisfies(v -> {
                assertThat(v.isPreRelease()).isFalse();
                assertThat(v.variant()).isEqualTo(variant);
            });
        }
    }

    @Test
    void ordering_oldestFirst() {
        List<String> tags = List.of("1.10.0", "1.2.3", "v1.9", "1.10.0-rc10", "1.10.0-rc2", "1.10.0-alpine", "2.0.0-beta.1",
                "1.2", "0.9.12", "1.10.0-beta");
        List<String> sorted = tags.stream().sorted(Comparator.comparing(t -> TagVersion.of(t).orElseThrow())).toList();

        assertThat(sorted).containsExactly("0.9.12", "1.2", "1.2.3", "v1.9", "1.10.0-beta", "1.10.0-rc2", "1.10.0-rc10",
                "1.10.0-alpine", "1.10.0", "2.0.0-beta.1");
    }
}
