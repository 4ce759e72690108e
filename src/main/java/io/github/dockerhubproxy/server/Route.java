package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.upstream.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One route of the proxy: a path template such as {@code /repositories/{username}/{repository}/tags} and the
 * Docker Hub resource it serves.
 */
record Route(String template, List<String> parts, Function<List<String>, Resource> resource) {

    static Route of(String template, Function<List<String>, Resource> resource) {
        return new Route(template, List.of(template.substring(1).split("/")), resource);
    }

    /** The resource for these raw path segments, null when they do not fit the template's shape. */
    Resource match(List<String> segments) {
        if (segments.size() != parts.size()) {
            return null;
        }
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).startsWith("{") && !parts.get(i).equals(segments.get(i))) {
                return null;
            }
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.startsWith("{")) {
                values.add(kind(part).decode(segments.get(i)));
            }
        }
        return resource.apply(values);
    }

    private static PathValue kind(String part) {
        return switch (part) {
            case "{username}" -> PathValue.USERNAME;
            case "{repository}" -> PathValue.REPOSITORY;
            case "{build_code}" -> PathValue.BUILD_CODE;
            default -> throw new IllegalStateException("no rule for " + part);
        };
    }
}
