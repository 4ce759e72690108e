package io.github.dockerhubproxy.badge;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

/** Badges rendered without a socket: widths, valid SVG in every style, escaping, numbers, ages, colors. */
class BadgeTest {
    private static final File FONT = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    @Test
    void theWidthTable_matchesTheFont() throws Exception {
        Assumptions.assumeTrue(FONT.isFile(), "DejaVu Sans (fonts-dejavu-core) is installed by .ci/run");
        Font font = Font.createFont(Font.TRUETYPE_FONT, FONT).deriveFont(11f);
        FontRenderContext context = new FontRenderContext(null, true, true);
        for (String sample : List.of("docker pulls", "1.2M", "v1.2.3", "amd64 | arm64 | arm/v7", "last updated",
                "over a year ago", "Zürich Müller", "ÆØÅ çñ", "45.3 MB", "not found", "WWWWiiii")) {
            assertThat(TextWidth.of(sample)).as(sample)
                    .isCloseTo(font.getStringBounds(sample, context).getWidth(), org.assertj.core.data.Offset.offset(0.05));
        }
    }

    @Test
    void everyStyle_isValidSvg_withItsTitleAndRole() throws Exception {
        Badge badge = new Badge("docker pulls", "1.2M", "#007ec6", false);
        for (Badge.Style style : Badge.Style.values()) {
            Document svg = parse(badge.svg(style));

            assertThat(svg.getDocumentElement().getTagName()).as(style.name()).isEqualTo("svg");
            assertThat(svg.getDocumentElement().getAttribute("role")).isEqualTo("img");
            assertThat(svg.getDocumentElement().getAttribute("aria-label")).isEqualTo("docker pulls: 1.2M");
            assertThat(svg.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("docker pulls: 1.2M");
            assertThat(Integer.parseInt(svg.getDocumentElement().getAttribute("width"))).isGreaterThan(60);
        }
    }

    @Test
    void theWidth_followsTheText() throws Exception {
        int narrow = width(new Badge("pulls", "1", "#4c1", false));
        int wide = width(new Badge("pulls", "1,234,567,890", "#4c1", false));

        assertThat(wide - narrow).isBetween(70, 90);
    }

    @Test
    void text_isNeverMarkup() throws Exception {
        Badge hostile = new Badge("<script>alert(1)</script>", "\"/><image href=x onerror=alert(1)>", "#e05d44", false);
        for (Badge.Style style : Badge.Style.values()) {
            byte[] svg = hostile.svg(style);
            Document parsed = parse(svg);

            assertThat(parsed.getElementsByTagName("script").getLength()).isZero();
            assertThat(parsed.getElementsByTagName("image").getLength()).isZero();
            assertThat(new String(svg, StandardCharsets.UTF_8)).contains("&lt;script&gt;");
        }
    }

    @Test
    void theEndpointForm_isShieldsSchema_andMarksErrors() {
        assertThat(new Badge("docker pulls", "1.2M", "#007ec6", false).endpoint(300))
                .containsEntry("schemaVersion", 1).containsEntry("label", "docker pulls").containsEntry("message", "1.2M")
                .containsEntry("color", "#007ec6").containsEntry("cacheSeconds", 300L).doesNotContainKey("isError");
        assertThat(new Badge("docker pulls", "not found", "#9f9f9f", true).endpoint(60)).containsEntry("isError", true);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0", "999, 999", "1000, 1k", "1234, 1.2k", "9960, 10k", "45678, 46k", "999499, 999k", "999500, 1M",
        "1200000, 1.2M", "3400000000, 3.4B", "-1500, -1.5k"})
    void countsInMetricForm(long n, String text) {
        assertThat(Values.metric(n)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} days -> {1}")
    @CsvSource({"0, today", "1, 1 day ago", "3, 3 days ago", "29, 29 days ago", "30, 1 month ago", "75, 2 months ago",
        "364, 12 months ago", "365, over a year ago", "-2, today"})
    void ages(long days, String text) {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(Values.age(now.minus(Duration.ofDays(days)), now)).isEqualTo(text);
    }

    @Test
    void colors_byNameOrHex() {
        assertThat(Colors.of("brightgreen")).contains("#4c1");
        assertThat(Colors.of("Blue")).contains("#007ec6");
        assertThat(Colors.of("ABC")).contains("#abc");
        assertThat(Colors.of("#0a0B0c")).contains("#0a0b0c");
        assertThat(Colors.of("purple-ish")).isEmpty();
        assertThat(Colors.of("#12345")).isEmpty();
        assertThat(Colors.of("red;stroke:url(x)")).isEmpty();
    }

    private static int width(Badge badge) throws Exception {
        return Integer.parseInt(parse(badge.svg(Badge.Style.FLAT)).getDocumentElement().getAttribute("width"));
    }

    private static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }
}
