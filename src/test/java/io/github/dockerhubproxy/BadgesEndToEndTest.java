package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.badge.Values;
import io.github.dockerhubproxy.fakehub.FakeRegistry;
import io.github.dockerhubproxy.support.TestProxy;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Badges through the proxy, on the emulated Docker Hub and registry. */
class BadgesEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeRegistry registry = FakeRegistry.start();
    private final TestProxy proxy = TestProxy.start(registry);

    @AfterEach
    void stop() {
        proxy.close();
        registry.close();
    }

    private JsonNode json(String path) throws Exception {
        return JSON.readTree(proxy.get(path).body());
    }

    private static Document svg(HttpResponse<String> response) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
    }

    private static String title(HttpResponse<String> response) throws Exception {
        return svg(response).getElementsByTagName("title").item(0).getTextContent();
    }

    @Test
    void pulls_asSvg_andAsShieldsJson() throws Exception {
        long pulls = json("/repositories/alice/webapp").get("pull_count").asLong();

        HttpResponse<String> image = proxy.get("/badges/alice/webapp/pulls.svg");
        JsonNode endpoint = json("/badges/alice/webapp/pulls.json");

        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).contains("image/svg+xml;charset=utf-8");
        assertThat(title(image)).isEqualTo("docker pulls: " + Values.metric(pulls));
        assertThat(image.headers().firstValue("Cache-Control").orElseThrow()).matches("public, max-age=(\\d{3,})");
        assertThat(endpoint.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(endpoint.get("label").asText()).isEqualTo("docker pulls");
        assertThat(endpoint.get("message").asText()).isEqualTo(Values.metric(pulls));
        assertThat(endpoint.get("cacheSeconds").asInt()).isGreaterThanOrEqualTo(300);
        assertThat(endpoint.has("isError")).isFalse();
    }

    @Test
    void aCachedBadge_revalidatesWith304() throws Exception {
        HttpResponse<String> first = proxy.get("/badges/alice/webapp/stars.svg");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = proxy.get("/badges/alice/webapp/stars.svg", "If-None-Match", etag);

        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void anSvgBadge_isGzipped_forClientsThatAcceptIt_thoughUnderAKilobyte() throws Exception {
        byte[] plain = proxy.getBytes("/badges/alice/webapp/pulls.svg").body();

        HttpResponse<byte[]> zipped = proxy.getBytes("/badges/alice/webapp/pulls.svg", "Accept-Encoding", "gzip");

        assertThat(plain.length).isLessThan(1024);
        assertThat(zipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(zipped.body().length).isLessThan(plain.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
    }

    @Test
    void everyKind_hasItsValue() throws Exception {
        assertThat(json("/badges/vendor/app/version.json").get("message").asText()).isEqualTo("3.1.0");
        assertThat(json("/badges/vendor/app/version.json?sort=date&arch=arm64").get("message").asText()).isEqualTo("3.0.0");
        assertThat(json("/badges/alice/webapp/size.json").get("message").asText()).isEqualTo("4.8 MB");
        assertThat(json("/badges/alice/webapp/size.json").get("label").asText()).isEqualTo("image size");
        assertThat(json("/badges/alice/webapp/layers.json?arch=arm64").get("message").asText()).isEqualTo("2");
        assertThat(json("/badges/alice/worker/platforms.json").get("message").asText())
                .isEqualTo("amd64 | arm64 | arm/v7 | arm/v6 | s390x");
        String updated = json("/repositories/alice/webapp").get("last_updated").asText();
        assertThat(json("/badges/alice/webapp/last-updated.json").get("message").asText())
                .isEqualTo(Values.age(Instant.parse(updated), proxy.time.instant()));
        assertThat(json("/badges/alice/webapp/last-updated.json?tag=1.5").get("message").asText()).endsWith("ago");
        assertThat(json("/badges/alice/webapp/stars.json").get("label").asText()).isEqualTo("docker stars");
    }

    @Test
    void labelColorAndStyle_areTheCallers() throws Exception {
        JsonNode custom = json("/badges/alice/webapp/pulls.json?label=downloads&color=brightgreen");
        HttpResponse<String> tall = proxy.get("/badges/alice/webapp/pulls.svg?style=for-the-badge");
        HttpResponse<String> square = proxy.get("/badges/alice/webapp/pulls.svg?style=flat-square&color=ff8800");

        assertThat(custom.get("label").asText()).isEqualTo("downloads");
        assertThat(custom.get("color").asText()).isEqualTo("#4c1");
        assertThat(svg(tall).getDocumentElement().getAttribute("height")).isEqualTo("28");
        assertThat(square.body()).contains("#ff8800").doesNotContain("rx=\"3\"");
    }

    @Test
    void badValues_are400Json() throws Exception {
        for (String path : new String[] {"/badges/alice/webapp/pulls.svg?color=notacolor", "/badges/alice/webapp/pulls.svg?style=plastic",
            "/badges/alice/webapp/downloads.svg", "/badges/alice/webapp/pulls.png", "/badges/alice/webapp/size.svg?arch=AMD%2064",
            "/badges/alice/webapp/version.svg?sort=newest"}) {
            HttpResponse<String> response = proxy.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(400);
        }
    }

    @Test
    void aLabelWithMarkup_isShownAsText() throws Exception {
        HttpResponse<String> response = proxy.get("/badges/alice/webapp/pulls.svg?label=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        assertThat(svg(response).getElementsByTagName("script").getLength()).isZero();
        assertThat(response.body()).contains("&lt;script&gt;");
    }

    @Test
    void aMissingRepository_orDockerHubFailing_isABadgeSayingSo_neverABrokenImage() throws Exception {
        HttpResponse<String> missing = proxy.get("/badges/alice/ghost/pulls.svg");
        JsonNode missingJson = json("/badges/alice/ghost/pulls.json");
        proxy.hub.fail("/v2/namespaces/alice/repositories/tools", 500, -1);
        proxy.hub.fail("/v2/repositories/alice/tools/", 500, -1);
        HttpResponse<String> failing = proxy.get("/badges/alice/tools/stars.svg");

        assertThat(missing.statusCode()).isEqualTo(200);
        assertThat(title(missing)).isEqualTo("docker pulls: not found");
        assertThat(Long.parseLong(missing.headers().firstValue("Cache-Control").orElseThrow().replaceAll("\\D", ""))).isLessThanOrEqualTo(60);
        assertThat(missingJson.get("isError").asBoolean()).isTrue();
        assertThat(failing.statusCode()).isEqualTo(200);
        assertThat(title(failing)).isEqualTo("docker stars: unavailable");
    }

    @Test
    void aStaleValue_isBetterThanAnErrorBadge() throws Exception {
        String fresh = title(proxy.get("/badges/alice/webapp/pulls.svg"));
        proxy.hub.fail("/v2/namespaces/alice/repositories/webapp", 500, -1);
        proxy.hub.fail("/v2/repositories/alice/webapp/", 500, -1);
        proxy.time.advance(Duration.ofSeconds(301));

        assertThat(title(proxy.get("/badges/alice/webapp/pulls.svg"))).isEqualTo(fresh);
    }

    @Test
    void aBadge_followsItsValue_whenTheCacheRefreshesIt() throws Exception {
        String before = title(proxy.get("/badges/alice/webapp/pulls.svg"));
        com.fasterxml.jackson.databind.node.ObjectNode grown = (com.fasterxml.jackson.databind.node.ObjectNode) json("/repositories/alice/webapp");
        grown.put("pull_count", 1_234_567);
        proxy.hub.script("/v2/namespaces/alice/repositories/webapp", 200, "application/json", grown.toString(), -1);
        proxy.time.advance(Duration.ofSeconds(301));

        proxy.get("/badges/alice/webapp/pulls.svg");   // stale: served, and refreshed (at once, in tests)
        String after = title(proxy.get("/badges/alice/webapp/pulls.svg"));

        assertThat(before).isNotEqualTo("docker pulls: 1.2M");
        assertThat(after).isEqualTo("docker pulls: 1.2M");
    }
}
