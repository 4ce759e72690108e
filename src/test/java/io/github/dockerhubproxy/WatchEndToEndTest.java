package io.github.dockerhubproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dockerhubproxy.store.DatabaseUrl;
import io.github.dockerhubproxy.support.Databases;
import io.github.dockerhubproxy.support.TestProxy;
import io.github.dockerhubproxy.watch.Watcher;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The watch list through the proxy, on the emulated Docker Hub with tags that appear, move and vanish between cycles,
 * on both databases. Cycles are run by the test, on the test's clock: nothing waits for a real interval.
 */
class WatchEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private static TestProxy proxy(DatabaseUrl.Kind kind, String watch) {
        return TestProxy.start(Map.of("WATCH", watch, "DATABASE_URL", Databases.url(kind)));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static Document atom(HttpResponse<String> response) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> entryTitles(Document feed) {
        List<String> titles = new ArrayList<>();
        NodeList entries = feed.getElementsByTagNameNS(ATOM, "entry");
        for (int i = 0; i < entries.getLength(); i++) {
            Element entry = (Element) entries.item(i);
            for (String required : List.of("id", "title", "updated")) {
                assertThat(entry.getElementsByTagNameNS(ATOM, required).getLength()).as(required).isEqualTo(1);
            }
            titles.add(entry.getElementsByTagNameNS(ATOM, "title").item(0).getTextContent());
        }
        return titles;
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void tagsThatAppearMoveAndVanish_becomeEvents_inTheFeed(DatabaseUrl.Kind kind) throws Exception {
        try (TestProxy proxy = proxy(kind, "alice/webapp")) {
            Watcher watcher = proxy.app.watcher();
            watcher.cycle();   // the first cycle records the 250 tags without announcing them
            proxy.hub.pushTag("alice/webapp", "2.0.0", "sha256:" + "2".repeat(64), "2026-11-20T10:00:00.000000Z", "amd64", "arm64")
                    .pushTag("alice/webapp", "latest", "sha256:" + "3".repeat(64), "2026-11-20T10:00:01.000000Z", "amd64")
                    .deleteTag("alice/webapp", "1.5");
            proxy.time.advance(Duration.ofSeconds(900));
            watcher.cycle();   // incremental: sees the new and the moved tag, not yet the deleted one
            proxy.time.advance(Duration.ofDays(1));
            watcher.cycle();   // a day on: a full walk, which finds the deleted tag

            Document feed = atom(proxy.get("/feeds/alice/webapp.atom"));

            assertThat(feed.getDocumentElement().getNamespaceURI()).isEqualTo(ATOM);
            for (String required : List.of("id", "title", "updated")) {
                assertThat(feed.getDocumentElement().getElementsByTagNameNS(ATOM, required).getLength()).isGreaterThan(0);
            }
            assertThat(entryTitles(feed)).containsExactly("alice/webapp: tag 1.5 removed", "alice/webapp: tag latest updated",
                    "alice/webapp: new tag 2.0.0");
            String content = feed.getElementsByTagNameNS(ATOM, "content").item(2).getTextContent();
            assertThat(content).contains("sha256:" + "2".repeat(64)).contains("linux/amd64, linux/arm64");
            assertThat(entryTitles(atom(proxy.get("/feeds/alice/webapp.atom?tag=%5E2%5C.")))).containsExactly("alice/webapp: new tag 2.0.0");
            assertThat(entryTitles(atom(proxy.get("/feeds/alice.atom")))).hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aCycleWhereNothingChanged_costsTwoUpstreamCalls_andOneSample(DatabaseUrl.Kind kind) throws Exception {
        try (TestProxy proxy = proxy(kind, "alice/webapp")) {
            proxy.hub.pullCount("alice/webapp", 1_000);
            proxy.app.watcher().cycle();
            proxy.hub.pullCount("alice/webapp", 1_500);
            proxy.time.advance(Duration.ofSeconds(900));
            int before = proxy.hub.count();

            proxy.app.watcher().cycle();

            assertThat(proxy.hub.count() - before).isEqualTo(2);
            JsonNode history = json(proxy.get("/history/alice/webapp"));
            assertThat(history.get("repository").asText()).isEqualTo("alice/webapp");
            assertThat(history.get("samples").findValuesAsText("pull_count")).containsExactly("1000", "1500");
            HttpResponse<String> chart = proxy.get("/history/alice/webapp.svg?width=400&height=150");
            assertThat(chart.statusCode()).isEqualTo(200);
            assertThat(chart.headers().firstValue("Content-Type")).contains("image/svg+xml;charset=utf-8");
            assertThat(chart.body()).startsWith("<svg").contains("width=\"400\"").contains("from 1k to 1.5k");
            assertThat(proxy.get("/history/alice/webapp.svg?width=5").statusCode()).isEqualTo(400);
            JsonNode watch = json(proxy.get("/watch")).get("repositories").get(0);
            assertThat(watch.get("repository").asText()).isEqualTo("alice/webapp");
            assertThat(watch.get("tags").asInt()).isEqualTo(250);
            assertThat(watch.get("last_cycle_at").asText()).isEqualTo(proxy.time.instant().toString());
            assertThat(watch.get("last_error").isNull()).isTrue();
            proxy.hub.pullCount("alice/webapp", 2_000);
            proxy.time.advance(Duration.ofSeconds(900));
            proxy.app.watcher().cycle();
            assertThat(json(proxy.get("/history/alice/webapp")).get("samples").findValuesAsText("pull_count"))
                    .as("a new sample, not the answer made before it").containsExactly("1000", "1500", "2000");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aNamespace_isEveryRepositoryOfIt_andWhatIsNotWatched_saysHowToWatchIt(DatabaseUrl.Kind kind) throws Exception {
        try (TestProxy proxy = proxy(kind, "alice/*")) {
            proxy.app.watcher().cycle();

            JsonNode watched = json(proxy.get("/watch")).get("repositories");
            HttpResponse<String> other = proxy.get("/feeds/bob/app.atom");
            HttpResponse<String> history = proxy.get("/history/bob/app");

            assertThat(watched.findValuesAsText("repository")).contains("alice/webapp", "alice/worker", "alice/manytags");
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(json(other).get("message").asText()).contains("bob/app is not watched").contains("WATCH=");
            assertThat(history.statusCode()).isEqualTo(404);
            assertThat(proxy.get("/history/alice/webapp?step=fortnight").statusCode()).isEqualTo(400);
            assertThat(proxy.get("/feeds/alice/webapp.atom?tag=(").statusCode()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aDockerHub429_stopsTheWatchList_untilItsRetryAfter(DatabaseUrl.Kind kind) throws Exception {
        try (TestProxy proxy = TestProxy.startWithWaitsPassingTime(Map.of("WATCH", "alice/webapp,alice/worker",
                "DATABASE_URL", Databases.url(kind), "WATCH_INTERVAL", "10"))) {
            proxy.hub.fail("/v2/namespaces/alice/repositories/webapp", 429, 1);

            Watcher.Report report = proxy.app.watcher().cycle();

            assertThat(report.failed()).isEqualTo(1);
            assertThat(proxy.sleeps).anySatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(25)));
            JsonNode watched = json(proxy.get("/watch")).get("repositories");
            assertThat(watched.get(0).get("last_error").asText()).contains("rate limit");
            assertThat(watched.get(1).get("last_cycle_at").isNull()).isFalse();   // alice/worker, after the wait
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseUrl.Kind.class)
    void aWatchedRepositorysTagList_isKeptUpToDate_withoutWalkingItsPagesAgain(DatabaseUrl.Kind kind) throws Exception {
        String path = "/repositories/alice/webapp/tags?ordering=-last_updated";
        try (TestProxy proxy = proxy(kind, "alice/webapp")) {
            proxy.app.watcher().cycle();
            int before = proxy.hub.count();
            JsonNode first = json(proxy.get(path));
            assertThat(proxy.hub.count()).as("served from what the cycle read").isEqualTo(before);
            assertThat(first).isEqualTo(dockerHubsOwn(proxy, path));

            proxy.hub.pushTag("alice/webapp", "2.0.0", "sha256:" + "2".repeat(64), "2026-11-20T10:00:00.000000Z", "amd64");
            proxy.time.advance(Duration.ofSeconds(900));
            proxy.app.watcher().cycle();   // incremental: two pages of tags
            before = proxy.hub.count();
            JsonNode after = json(proxy.get(path));

            assertThat(proxy.hub.count()).isEqualTo(before);
            assertThat(after.get("count").asInt()).isEqualTo(251);
            assertThat(after.get("results").get(0).get("name").asText()).isEqualTo("2.0.0");
            assertThat(after).isEqualTo(dockerHubsOwn(proxy, path));
        }
    }

    /** What a proxy that watches nothing answers, fetching every page from the same emulated Docker Hub. */
    private static JsonNode dockerHubsOwn(TestProxy watching, String path) throws Exception {
        try (TestProxy plain = TestProxy.start(watching.hub, Map.of())) {
            return json(plain.get(path));
        }
    }
}
