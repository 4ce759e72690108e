package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** When a token is replaced: min(60 s, a quarter of its life) before it expires; never when it says no expiry. */
class AccessTokenTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".signature";
    }

    @Test
    void aLongLivedToken_isReplacedAMinuteBeforeItExpires() {
        long iat = NOW.getEpochSecond();
        AccessToken token = AccessToken.of(jwt("{\"iat\":" + iat + ",\"exp\":" + (iat + 600) + "}"), NOW, MAPPER);

        assertThat(token.header()).startsWith("Bearer ");
        assertThat(token.fresh(NOW.plusSeconds(539))).isTrue();
        assertThat(token.fresh(NOW.plusSeconds(540))).isFalse();
        assertThat(token.usable(NOW.plusSeconds(599))).isTrue();
        assertThat(token.usable(NOW.plusSeconds(600))).isFalse();
    }

    @Test
    void aShortLivedToken_isReplacedAQuarterOfItsLifeBeforeItExpires() {
        long iat = NOW.getEpochSecond();
        AccessToken token = AccessToken.of(jwt("{\"iat\":" + iat + ",\"exp\":" + (iat + 120) + "}"), NOW, MAPPER);

        assertThat(token.refreshAt()).isEqualTo(NOW.plusSeconds(90));
    }

    @Test
    void withoutIat_theLifeCountsFromWhenItWasReceived() {
        AccessToken token = AccessToken.of(jwt("{\"exp\":" + (NOW.getEpochSecond() + 200) + "}"), NOW, MAPPER);

        assertThat(token.refreshAt()).isEqualTo(NOW.plusSeconds(150));
    }

    @Test
    void aTokenThatIsNoJwt_orHasNoExpiry_isKeptUntilRefused() {
        assertThat(AccessToken.of("opaque-token", NOW, MAPPER).fresh(NOW.plusSeconds(86_400 * 365))).isTrue();
        assertThat(AccessToken.of(jwt("{\"sub\":\"alice\"}"), NOW, MAPPER).usable(Instant.MAX.minusSeconds(1))).isTrue();
    }
}
