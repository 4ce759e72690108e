package io.github.dockerhubproxy.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.store.Sample;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class HistoryChartTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
    }

    private static List<String> texts(Document svg) {
        List<String> out = new ArrayList<>();
        NodeList texts = svg.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            out.add(texts.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void aMonthOfSamples_isALineWithMetricValuesAndReadableDates() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int day = 0; day <= 30; day++) {
            samples.add(new Sample(T0.plus(Duration.ofDays(day)), 152_340 + 250L * day, 6));
        }

        Document svg = parse(HistoryChart.render("alice/<webapp>", samples, 640, 240));

        assertThat(svg.getDocumentElement().getAttribute("role")).isEqualTo("img");
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("alice/<webapp>: docker pulls from 152k to 160k, 1 Nov 2026 to 1 Dec 2026");
        assertThat(texts(svg)).contains("152k", "154k", "160k", "1 Nov", "1 Dec");
        String[] points = ((org.w3c.dom.Element) svg.getElementsByTagName("polyline").item(0)).getAttribute("points").trim().split(" ");
        assertThat(points).hasSize(31);
        assertThat(points[0]).startsWith("60.0,");
        assertThat(points[30]).startsWith("624.0,");
    }

    @Test
    void oneSample_hasOneDateAndReadableValues() throws Exception {
        Document svg = parse(HistoryChart.render("alice/webapp", List.of(new Sample(T0, 11_099_337, 6)), 640, 240));

        assertThat(texts(svg)).contains("1 Nov 00:00", "11099337").filteredOn(t -> t.contains("Nov")).hasSize(1);
    }

    @Test
    void noSamples_isAValidChartSayingSo() throws Exception {
        Document svg = parse(HistoryChart.render("alice/webapp", List.of(), 300, 120));

        assertThat(texts(svg)).contains("no samples yet");
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent()).contains("no samples yet");
    }

    @Test
    void ticks_areRoundSteps_labelledWithTheDecimalsTheyNeed() {
        assertThat(HistoryChart.niceStep(1_700)).isEqualTo(2_000);
        assertThat(HistoryChart.niceStep(420)).isEqualTo(500);
        assertThat(HistoryChart.niceStep(0.3)).isEqualTo(1);
        assertThat(HistoryChart.tick(152_500, 500, 160_000)).isEqualTo("152.5k");
        assertThat(HistoryChart.tick(2_000_000, 1_000_000, 3_000_000)).isEqualTo("2M");
        assertThat(HistoryChart.tick(40, 10, 50)).isEqualTo("40");
        assertThat(HistoryChart.tick(11_099_337, 1, 11_099_338)).isEqualTo("11099337");   // one sample: no ".099337M"
    }
}
