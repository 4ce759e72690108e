package io.github.dockerhubproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which clients get the precomputed gzip copy. */
class HttpCachingTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | false",
        "gzip | true",
        "GZIP | true",
        "gzip, deflate, br | true",
        "br;q=1.0, gzip;q=0.8 | true",
        "deflate, * | true",
        "gzip;q=0 | false",
        "gzip;q=0.000 | false",
        "identity | false",
        "deflate, br | false",
        "x-gzip | false"})
    void acceptEncoding(String header, boolean gzip) {
        assertThat(HttpCaching.acceptsGzip(header)).isEqualTo(gzip);
    }
}
