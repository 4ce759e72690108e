package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.upstream.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One route of the proxy: a path template such as {@code /repositories/{username}/{repository}/tags}, the
 * Docker Hub resource it serves and, for lists, the query options it takes.
 */
record Route(String template, List<String> parts, ListQuery.Rule query, Target resource) {

    /** The resource a route names, from its path values, its list options (null unless a list) and its raw query. */
    @FunctionalInterface
    interface Target {
        Resource of(List<String> values, ListQuery list, String rawQuery);
    }

    static Route of(String template, BiFunction<List<String>, ListQuery, Resource> resource) {
        return list(template, null, resource);
    }

    static Route list(String template, ListQuery.Rule query, BiFunction<List<String>, ListQuery, Resource> resource) {
        return new Route(template, List.of(template.substring(1).split("/")), query, (v, q, raw) -> resource.apply(v, q));
    }

    /** A route that reads its own query parameters (and validates them, throwing {@link BadRequest}). */
    static Route withQuery(String template, Target resource) {
        return new Route(template, List.of(template.substring(1).split("/")), null, resource);
    }

    /** Whether these raw path segments fit the template's shape (its literal parts and length). */
    boolean fits(List<String> segments) {
        if (segments.size() != parts.size()) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).startsWith("{") && !parts.get(i).equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The resource for segments that {@link #fits fit}.
     *
     * @throws BadRequest when a value breaks Docker Hub's naming rules or the query is invalid
     */
    Resource resolve(List<String> segments, String rawQuery) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.startsWith("{")) {
                values.add(kind(part).decode(segments.get(i)));
            }
        }
        return resource.of(values, query == null ? null : ListQuery.parse(rawQuery, query), rawQuery);
    }

    private static PathValue kind(String part) {
        return switch (part) {
            case "{username}" -> PathValue.USERNAME;
            case "{repository}" -> PathValue.REPOSITORY;
            case "{tag}" -> PathValue.TAG;
            case "{build_code}" -> PathValue.BUILD_CODE;
            case "{digest}" -> PathValue.DIGEST;
            default -> throw new IllegalStateException("no rule for " + part);
        };
    }
}
