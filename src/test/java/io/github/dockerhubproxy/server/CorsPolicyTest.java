package io.github.dockerhubproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsPolicyTest {

    @ParameterizedTest(name = "default allows {0}: {1}")
    @CsvSource({
        "http://localhost, true",
        "http://localhost:3000, true",
        "http://LOCALHOST:3000, true",
        "http://127.0.0.1, true",
        "http://127.0.0.1:8080, true",
        "http://localhost.evil.example, false",
        "http://localhostevil.example, false",
        "http://localhost:3000.evil.example, false",
        "https://localhost:3000, false",
        "http://127.0.0.1.evil.example, false",
        "http://evil.example, false",
        "null, false",
    })
    void defaultPolicy(String origin, boolean allowed) {
        assertThat(CorsPolicy.localhostOnly().allows(origin)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "''{0}'' allows {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "*                                   | http://anything.example:1234  | true",
        "http://site.example.com,*.website.com | http://site.example.com     | true",
        "http://site.example.com,*.website.com | HTTP://SITE.EXAMPLE.COM     | true",
        "http://site.example.com,*.website.com | http://a.website.com        | true",
        "http://site.example.com,*.website.com | https://a.b.website.com:8443 | true",
        "http://site.example.com,*.website.com | http://website.com          | false",
        "http://site.example.com,*.website.com | http://a.website.com.evil.example | false",
        "http://site.example.com,*.website.com | http://awebsite.com         | false",
        "http://site.example.com,*.website.com | ftp://a.website.com         | false",
        "http://site.example.com,*.website.com | http://evil.example         | false",
        "'http://a.example, http://b.example'  | http://b.example            | true",
        "'http://a.example, http://b.example'  | http://a.example            | true",
        "https://x.example.com               | https://xxexample.com         | false",
        "https://x.example.com               | https://x.example.com.evil    | false",
        ".*\\.website\\.com                  | http://x.website.com          | true",
        ".*\\.website\\.com                  | http://x.website.com.evil.example | false",
        "^https?://([a-z0-9-]+\\.)*website\\.com$ | https://a.website.com    | true",
        "^https?://([a-z0-9-]+\\.)*website\\.com$ | https://website.com.evil | false",
        "http://localhost:?.*                | http://localhost:3000         | true",
        "http://localhost:?.*                | https://localhost:3000        | false",
        "''                                  | http://localhost              | false",
    })
    void configuredPolicy(String origins, String origin, boolean allowed) {
        assertThat(CorsPolicy.parse(origins).allows(origin)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} is a regex: {1}")
    @CsvSource(delimiter = '|', value = {
        "http://a.example | false",
        "*.a.example | false",
        "http://a.example:* | true",
        "^http://a | true",
        "http://(a+).example | true",
        "http://a.example/x? | true",
        "https?://a | true",
    })
    void regexDetection(String entry, boolean regex) {
        assertThat(CorsPolicy.isRegex(entry)).isEqualTo(regex);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = ";", value = {"http://a.example,*.bad(", "[", "http://x.example{2"})
    void invalidRegex_isRefusedNamingTheEntry(String origins) {
        assertThatThrownBy(() -> CorsPolicy.parse(origins))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid regular expression");
    }
}
