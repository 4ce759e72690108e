package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of Docker Hub's routes answers a resource: the current {@code /v2/namespaces/...} route first, the legacy
 * one where the current is missing (remembered per route family), and lists read page by page.
 */
final class HubRoutes {
    /** Which of a family's routes Docker Hub answers. */
    private enum Route { UNKNOWN, CURRENT, LEGACY }

    private final Exchanges exchanges;
    private final Paginator paginator;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    HubRoutes(Exchanges exchanges, Paginator paginator) {
        this.exchanges = exchanges;
        this.paginator = paginator;
    }

    /** Docker Hub's current route first, its legacy route where the current one is missing; remembers which works. */
    JsonNode json(Resource resource, Target target, Allowance allowance) {
        Exchanges.Get current = target.current();
        if (target.legacyRoute() == null) {
            return load(resource, current, allowance);
        }
        Exchanges.Get legacy = target.legacyGet();
        Route known = routes.getOrDefault(target.family(), Route.UNKNOWN);
        if (known == Route.LEGACY) {
            return load(resource, legacy, allowance);
        }
        try {
            JsonNode json = load(resource, current, allowance);
            routes.put(target.family(), Route.CURRENT);
            return json;
        } catch (DockerHubException e) {
            if (known == Route.CURRENT || e.kind() != DockerHubException.Kind.NOT_FOUND) {
                throw e;
            }
            JsonNode json = load(resource, legacy, allowance);
            routes.put(target.family(), Route.LEGACY);
            return json;
        }
    }

    private JsonNode load(Resource resource, Exchanges.Get get, Allowance allowance) {
        if (resource instanceof Resource.TagPage page) {
            return exchanges.json(get.withQuery("?page_size=" + Resource.MAX_PAGE_SIZE + "&ordering=-last_updated&page="
                    + page.page()), allowance);
        }
        if (resource instanceof Resource.Paged paged) {
            Exchanges.Get first = get.withQuery(query(paged));
            return paginator.all(get.what(), paged.pageSize(), paged.limit(),
                    page -> exchanges.json(page == 1 ? first : first.withQuery("&page=" + page), allowance));
        }
        return exchanges.json(get, allowance);
    }

    private static String query(Resource.Paged paged) {
        StringBuilder query = new StringBuilder("?page_size=").append(paged.pageSize());
        if (paged.ordering() != null) {
            query.append("&ordering=").append(DockerHub.segment(paged.ordering()));
        }
        if (paged.filter() != null) {
            query.append("&name=").append(DockerHub.segment(paged.filter()));
        }
        return query.toString();
    }

    /** Whether the repository of {@code r} exists. */
    boolean exists(Resource.InRepository r, Allowance allowance) {
        Resource.Repository repository = new Resource.Repository(r.username(), r.name());
        try {
            json(repository, Target.of(repository), allowance);
            return true;
        } catch (DockerHubException e) {
            return false;
        }
    }
}
