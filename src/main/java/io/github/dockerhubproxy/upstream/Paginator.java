package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Reads every page of a Docker Hub list: the first page tells the count, then the remaining pages are fetched
 * concurrently (a bounded number at a time) and joined in page order, as if fetched one by one. Page URLs are
 * built from the configured base, never taken from {@code next}, so nothing is ever sent to another host.
 */
final class Paginator {
    /** Fetches one page: page number (1-based) → the page's JSON. */
    interface PageSource {
        JsonNode page(int number);
    }

    private final ObjectMapper mapper;
    private final int concurrency;

    Paginator(ObjectMapper mapper, int concurrency) {
        this.mapper = mapper;
        this.concurrency = concurrency;
    }

    /**
     * {@code {"count": <upstream count>, "results": [<items in page order, at most limit>]}}. The pages to read are
     * planned from page 1 (its {@code count} and how many items a page holds), within a budget of
     * {@code limit / pageSize} pages: a list that would need more, or whose planned pages still say there is more
     * while holding fewer items than its {@code count}, is a bad answer — never a walk without end.
     */
    ObjectNode all(String what, int pageSize, int limit, PageSource source) {
        JsonNode first = source.page(1);
        ArrayNode firstResults = results(what, first);
        long count = count(first, firstResults);
        List<JsonNode> items = new ArrayList<>();
        firstResults.forEach(items::add);
        boolean more = hasNext(first) && !firstResults.isEmpty() && items.size() < limit;
        if (more) {
            long wanted = Math.min(count, limit);
            int perPage = firstResults.size();
            long needed = (wanted + perPage - 1) / perPage;
            long budget = pageBudget(pageSize, limit);
            if (needed > budget) {
                throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, 200, what + ": Docker Hub's list says "
                        + count + " items at " + perPage + " a page: " + needed + " pages, more than the " + budget
                        + " one request may read (" + limit + " items at " + pageSize + " a page)");
            }
            boolean ended = false;
            for (JsonNode page : rest((int) needed, source)) {
                if (page == null) {
                    ended = true;
                    break;
                }
                ArrayNode pageResults = results(what, page);
                pageResults.forEach(items::add);
                if (pageResults.isEmpty() || !hasNext(page)) {
                    ended = true;
                    break;
                }
            }
            if (!ended && items.size() < wanted) {
                throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, 200, what + ": Docker Hub's pages disagree"
                        + " with its count: " + needed + " pages held " + items.size() + " of " + wanted
                        + " items and still said there was more");
            }
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("count", count);
        ArrayNode results = out.putArray("results");
        results.addAll(items.size() > limit ? items.subList(0, limit) : items);
        return out;
    }

    /** The most pages one request may read: what {@code limit} items take at the page size asked for. */
    static long pageBudget(int pageSize, int limit) {
        return Math.max(1, ((long) limit + pageSize - 1) / pageSize);
    }

    /** Pages 2..lastPage, in order; a page past the end (404) and every page after it are null. */
    private List<JsonNode> rest(int lastPage, PageSource source) {
        Semaphore permits = new Semaphore(concurrency);
        List<Future<JsonNode>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int number = 2; number <= lastPage; number++) {
                int page = number;
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return source.page(page);
                    } catch (DockerHubException e) {
                        if (e.kind() == DockerHubException.Kind.NOT_FOUND) {
                            return null;
                        }
                        throw e;
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<JsonNode> pages = new ArrayList<>();
            for (Future<JsonNode> future : futures) {
                pages.add(join(future, executor));
            }
            return pages;
        }
    }

    private static JsonNode join(Future<JsonNode> future, ExecutorService executor) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            executor.shutdownNow();
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            throw new DockerHubException(DockerHubException.Kind.UNREACHABLE, 0, "interrupted while fetching pages");
        }
    }

    private static ArrayNode results(String what, JsonNode page) {
        JsonNode results = page.get("results");
        if (!(results instanceof ArrayNode array)) {
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, 200,
                    what + ": Docker Hub's page has no results list");
        }
        return array;
    }

    private static long count(JsonNode page, ArrayNode results) {
        for (String field : new String[] {"count", "total"}) {
            JsonNode value = page.get(field);
            if (value != null && value.canConvertToLong()) {
                return value.asLong();
            }
        }
        return results.size();
    }

    private static boolean hasNext(JsonNode page) {
        JsonNode next = page.get("next");
        return next != null && !next.isNull() && !next.asText().isEmpty();
    }
}
