package io.github.dockerhubproxy.server;

import static io.github.dockerhubproxy.upstream.DockerHub.DEFAULT_LIMIT;
import static io.github.dockerhubproxy.upstream.DockerHub.DEFAULT_PAGE_SIZE;
import static io.github.dockerhubproxy.upstream.DockerHub.DEFAULT_REPOSITORY_LIMIT;

import io.github.dockerhubproxy.upstream.Resource;
import java.util.Arrays;
import java.util.List;

/** The proxy's route table: every path it answers and the Docker Hub resource behind it. */
public final class Routes {
    /** Every route, in the order of the README's table. */
    static final List<Route> ALL = List.of(
            Route.of("/users/{username}", v -> new Resource.User(v.get(0))),
            Route.of("/repositories/{username}",
                    v -> new Resource.Repositories(v.get(0), DEFAULT_PAGE_SIZE, DEFAULT_REPOSITORY_LIMIT)),
            Route.of("/repositories/{username}/{repository}", v -> new Resource.Repository(v.get(0), v.get(1))),
            Route.of("/repositories/{username}/{repository}/tags",
                    v -> new Resource.Tags(v.get(0), v.get(1), DEFAULT_PAGE_SIZE, DEFAULT_LIMIT)),
            Route.of("/repositories/{username}/{repository}/dockerfile", v -> new Resource.Dockerfile(v.get(0), v.get(1))),
            Route.of("/repositories/{username}/{repository}/autobuild",
                    v -> new Resource.AutobuildSettings(v.get(0), v.get(1))),
            Route.of("/repositories/{username}/{repository}/comments",
                    v -> new Resource.Comments(v.get(0), v.get(1), DEFAULT_PAGE_SIZE, DEFAULT_LIMIT)),
            Route.of("/repositories/{username}/{repository}/builds",
                    v -> new Resource.BuildHistory(v.get(0), v.get(1), DEFAULT_PAGE_SIZE, DEFAULT_LIMIT)),
            Route.of("/repositories/{username}/{repository}/builds/{build_code}",
                    v -> new Resource.BuildDetails(v.get(0), v.get(1), v.get(2))));

    private Routes() {
    }

    /** The path templates, e.g. {@code /repositories/{username}/{repository}/tags}. */
    public static List<String> templates() {
        return ALL.stream().map(Route::template).toList();
    }

    /** What a request path names. */
    sealed interface Match {
        /** A route and the resource it serves. */
        record Found(Route route, Resource resource) implements Match {}

        /** No route has this shape. */
        record NotFound() implements Match {}

        /** A route has this shape, but a value in it breaks Docker Hub's naming rules. */
        record Invalid(Route route, String message) implements Match {}
    }

    /** Matches a raw (still percent-encoded) path; one trailing slash is ignored. */
    static Match match(String rawPath) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        if (!path.startsWith("/") || path.length() < 2) {
            return new Match.NotFound();
        }
        List<String> segments = Arrays.asList(path.substring(1).split("/", -1));
        for (Route route : ALL) {
            try {
                Resource resource = route.match(segments);
                if (resource != null) {
                    return new Match.Found(route, resource);
                }
            } catch (IllegalArgumentException e) {
                return new Match.Invalid(route, e.getMessage());
            }
        }
        return new Match.NotFound();
    }
}
