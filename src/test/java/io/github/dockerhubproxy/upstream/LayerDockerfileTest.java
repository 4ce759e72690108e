package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayerDockerfileTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "/bin/sh -c #(nop)  CMD [\"nginx\"] => CMD [\"nginx\"]",
        "/bin/sh -c #(nop) ADD file:abc in /  => ADD file:abc in /",
        "/bin/sh -c apt-get update => RUN apt-get update",
        "RUN /bin/sh -c apk add curl # buildkit => RUN apk add curl",
        "COPY . /app # buildkit => COPY . /app",
        "ENV PATH=/usr/local/bin => ENV PATH=/usr/local/bin",
        "|1 VERSION=2 /bin/sh -c make => RUN make",
        "apk add x => RUN apk add x",
    })
    void instruction_becomesADockerfileLine(String layer, String line) {
        assertThat(LayerDockerfile.instruction(layer)).isEqualTo(line);
    }
}
