package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.upstream.Resource;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The proxy's route table: every path it answers and the Docker Hub resource behind it. */
public final class Routes {
    /** Repository orderings Docker Hub accepts. */
    static final List<String> REPOSITORY_ORDERINGS =
            List.of("name", "-name", "last_updated", "-last_updated", "pull_count", "-pull_count");
    /** Tag orderings Docker Hub accepts. */
    static final List<String> TAG_ORDERINGS = List.of("last_updated", "-last_updated", "name", "-name");
    /** Routes the proxy answers itself, without Docker Hub. */
    static final List<String> LOCAL = List.of("/ratelimit", "/metrics", "/health", "/ready");

    private final List<Route> routes;

    /**
     * @param maxRepositories cap of {@code limit} on repository lists (and their default)
     * @param maxItems cap of {@code limit} on the other lists (and their default)
     */
    public Routes(int maxRepositories, int maxItems) {
        ListQuery.Rule repositories = new ListQuery.Rule(maxRepositories, REPOSITORY_ORDERINGS, true);
        ListQuery.Rule tags = new ListQuery.Rule(maxItems, TAG_ORDERINGS, true);
        ListQuery.Rule plain = new ListQuery.Rule(maxItems, List.of(), false);
        String repo = "/repositories/{username}/{repository}";
        this.routes = List.of(
                Route.of("/users/{username}", (v, q) -> new Resource.User(v.get(0))),
                Route.list("/repositories/{username}", repositories,
                        (v, q) -> new Resource.Repositories(v.get(0), q.pageSize(), q.limit(), q.ordering(), q.name())),
                Route.of(repo, (v, q) -> new Resource.Repository(v.get(0), v.get(1))),
                Route.list(repo + "/tags", tags,
                        (v, q) -> new Resource.Tags(v.get(0), v.get(1), q.pageSize(), q.limit(), q.ordering(), q.name())),
                Route.of(repo + "/tags/{tag}", (v, q) -> new Resource.Tag(v.get(0), v.get(1), v.get(2))),
                Route.of(repo + "/tags/{tag}/images", (v, q) -> new Resource.TagImages(v.get(0), v.get(1), v.get(2))),
                Route.of(repo + "/tags/{tag}/platforms", (v, q) -> new Resource.Platforms(v.get(0), v.get(1), v.get(2))),
                Route.withQuery(repo + "/tags/{tag}/history",
                        (v, q, raw) -> new Resource.History(v.get(0), v.get(1), v.get(2), Queries.platform(raw))),
                Route.of(repo + "/digests/{digest}/tags", (v, q) -> new Resource.DigestTags(v.get(0), v.get(1), Queries.digest(v.get(2)))),
                Route.withQuery(repo + "/latest", (v, q, raw) -> Queries.latest(v.get(0), v.get(1), raw)),
                Route.of(repo + "/dockerfile", (v, q) -> new Resource.Dockerfile(v.get(0), v.get(1))),
                Route.of(repo + "/autobuild", (v, q) -> new Resource.AutobuildSettings(v.get(0), v.get(1))),
                Route.list(repo + "/comments", plain,
                        (v, q) -> new Resource.Comments(v.get(0), v.get(1), q.pageSize(), q.limit())),
                Route.list(repo + "/builds", plain,
                        (v, q) -> new Resource.BuildHistory(v.get(0), v.get(1), q.pageSize(), q.limit())),
                Route.of(repo + "/builds/{build_code}", (v, q) -> new Resource.BuildDetails(v.get(0), v.get(1), v.get(2))));
    }

    /** Every path template, Docker Hub's and the proxy's own. */
    public static List<String> templates() {
        return Stream.of(new Routes(1, 1).routes.stream().map(Route::template), Stream.of(Badges.TEMPLATE),
                WatchRoutes.TEMPLATES.stream(), LOCAL.stream()).flatMap(s -> s).toList();
    }

    /** What a request path names. */
    sealed interface Match {
        /** A route and the resource it serves. */
        record Found(Route route, Resource resource) implements Match {}

        /** A route the proxy answers itself. */
        record Local(String template) implements Match {}

        /** A badge ({@link Badges}), whose parts the badge handler reads. */
        record Badge() implements Match {}

        /** One of the watch list's routes ({@link WatchRoutes}). */
        record Watch(String template, String path) implements Match {}

        /** No route has this shape. */
        record NotFound() implements Match {}

        /** A route has this shape, but a value in it breaks Docker Hub's naming rules, or its query is invalid. */
        record Invalid(String template, String message) implements Match {}
    }

    /** Matches a raw (still percent-encoded) path and query; one trailing slash is ignored. */
    Match match(String rawPath, String rawQuery) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        if (LOCAL.contains(path)) {
            return new Match.Local(path);
        }
        if (path.startsWith("/badges/")) {
            return new Match.Badge();
        }
        if (WatchRoutes.handles(path)) {
            return new Match.Watch(WatchRoutes.template(path), path);
        }
        if (!path.startsWith("/") || path.length() < 2) {
            return new Match.NotFound();
        }
        List<String> segments = Arrays.asList(path.substring(1).split("/", -1));
        for (Route route : routes) {
            if (route.fits(segments)) {
                try {
                    return new Match.Found(route, route.resolve(segments, rawQuery));
                } catch (BadRequest e) {
                    return new Match.Invalid(route.template(), e.getMessage());
                }
            }
        }
        return new Match.NotFound();
    }
}
