package io.github.dockerhubproxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The pagination plan, on pages made in memory: which pages are read, and when a list is a bad answer. */
class PaginatorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Paginator paginator = new Paginator(MAPPER, 4);
    private final List<Integer> asked = new CopyOnWriteArrayList<>();

    /** Pages of {@code perPage} numbered items out of {@code total}, with Docker Hub's {@code count} and {@code next}. */
    private Paginator.PageSource pages(int total, int perPage, long saidCount) {
        return number -> {
            asked.add(number);
            ObjectNode page = MAPPER.createObjectNode().put("count", saidCount);
            ArrayNode results = page.putArray("results");
            for (int i = (number - 1) * perPage; i < Math.min(total, number * perPage); i++) {
                results.addObject().put("n", i);
            }
            page.put("next", number * perPage < saidCount ? "https://hub.docker.com/v2/x?page=" + (number + 1) : null);
            return page;
        };
    }

    @Test
    void page1_plansTheRest_fromTheCount_andEveryItemComesInOrder() {
        JsonNode all = paginator.all("list", 100, 10_000, pages(1_050, 100, 1_050));

        assertThat(asked).hasSize(11).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(all.get("count").asInt()).isEqualTo(1_050);
        assertThat(all.get("results")).hasSize(1_050);
        assertThat(all.get("results").get(1_049).get("n").asInt()).isEqualTo(1_049);
    }

    @Test
    void theLimit_boundsThePagesRead() {
        JsonNode all = paginator.all("list", 100, 250, pages(1_050, 100, 1_050));

        assertThat(asked).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(all.get("results")).hasSize(250);
        assertThat(all.get("count").asInt()).isEqualTo(1_050);
    }

    @Test
    void aServerThatGivesFewerItemsAPageThanAsked_isFollowedWithinTheBudget_orRefused() {
        // 25 a page for a list of 100 at 100 a page: 4 pages, within a budget of 1 page? No: refused, never walked
        assertThatThrownBy(() -> paginator.all("list", 100, 100, pages(100, 25, 100)))
                .isInstanceOfSatisfying(DockerHubException.class,
                        e -> assertThat(e.kind()).isEqualTo(DockerHubException.Kind.BAD_RESPONSE));
        assertThat(asked).containsExactly(1);
    }

    @Test
    void pagesThatKeepSayingMore_pastTheirCount_areABadAnswer() {
        // says 300 items at 2 a page (150 pages), but after page 1 each page holds one item and still links a next
        Paginator.PageSource liar = number -> {
            asked.add(number);
            ObjectNode page = MAPPER.createObjectNode().put("count", 300);
            ArrayNode results = page.putArray("results");
            results.addObject().put("n", number);
            if (number == 1) {
                results.addObject().put("n", 0);
            }
            page.put("next", "https://hub.docker.com/v2/x?page=" + (number + 1));
            return page;
        };

        assertThatThrownBy(() -> paginator.all("list", 2, 300, liar)).isInstanceOf(DockerHubException.class)
                .hasMessageContaining("disagree");
        assertThat(asked).hasSize(150);
    }

    @Test
    void theBudget_isWhatTheLimitTakesAtThePageSize() {
        assertThat(Paginator.pageBudget(100, 1_000)).isEqualTo(10);
        assertThat(Paginator.pageBudget(100, 1_001)).isEqualTo(11);
        assertThat(Paginator.pageBudget(100, 1)).isEqualTo(1);
    }
}
