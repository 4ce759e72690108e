package io.github.dockerhubproxy.upstream;

import static io.github.dockerhubproxy.upstream.DockerHub.segment;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a resource lives upstream, and how to name it in an error message. {@code route} is Docker Hub's
 * current route template; {@code legacyRoute}, when not null, the deprecated {@code /v2/repositories/...} route
 * to fall back to where the current one does not exist. {@code family} groups resources whose routes come and
 * go together.
 */
record Target(String what, String route, String legacyRoute, String family, String[] values) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-z]+}");
    private static final String NAMESPACES = "/v2/namespaces/{ns}/repositories";
    private static final String LEGACY = "/v2/repositories/{ns}/{repo}/";

    static Target of(Resource resource) {
        return switch (resource) {
            case Resource.User r -> new Target("user '" + r.username() + "'", "/v2/users/{username}/", null, null,
                    new String[] {r.username()});
            case Resource.Repositories r -> new Target("repositories of '" + r.username() + "'",
                    NAMESPACES, "/v2/repositories/{ns}/", "repositories", new String[] {r.username()});
            case Resource.Repository r -> current(r, "repository", NAMESPACES + "/{repo}", "", "repository");
            case Resource.Tags r -> current(r, "tags of", NAMESPACES + "/{repo}/tags", "tags/", "tags");
            case Resource.TagPage r -> current(r, "tags (page " + r.page() + ") of", NAMESPACES + "/{repo}/tags", "tags/", "tags");
            case Resource.Tag r -> new Target("tag '" + r.username() + "/" + r.name() + ":" + r.tag() + "'",
                    NAMESPACES + "/{repo}/tags/{tag}", LEGACY + "tags/{tag}/", "tag",
                    new String[] {r.username(), r.name(), r.tag()});
            case Resource.TagImages r -> new Target("images of '" + r.username() + "/" + r.name() + ":" + r.tag() + "'",
                    LEGACY + "tags/{tag}/images", null, null, new String[] {r.username(), r.name(), r.tag()});
            case Resource.Dockerfile r -> legacy(r, "Dockerfile of", "dockerfile/");
            case Resource.AutobuildSettings r -> legacy(r, "autobuild settings of", "autobuild/");
            case Resource.Comments r -> legacy(r, "comments of", "comments/");
            case Resource.BuildHistory r -> legacy(r, "build history of", "buildhistory/");
            case Resource.FromRegistry r -> throw new IllegalArgumentException(r + " is the registry's, not Docker Hub's");
            case Resource.FromTags r -> throw new IllegalArgumentException(r + " is worked out from the tag list");
            case Resource.BuildDetails r -> new Target(
                    "build '" + r.buildCode() + "' of '" + r.username() + "/" + r.name() + "'",
                    LEGACY + "buildhistory/{code}/", null, null, new String[] {r.username(), r.name(), r.buildCode()});
        };
    }

    /** The GET of the current route. */
    Exchanges.Get current() {
        return new Exchanges.Get(what, route, path(), shape(route));
    }

    /** The GET of the legacy route; null when there is none. */
    Exchanges.Get legacyGet() {
        return legacyRoute == null ? null : new Exchanges.Get(what, legacyRoute, legacy(), shape(legacyRoute));
    }

    /** A tag's images are Docker Hub's one JSON array; every other route answers an object. */
    private static Exchanges.Shape shape(String route) {
        return route.endsWith("/images") ? Exchanges.Shape.ARRAY : Exchanges.Shape.OBJECT;
    }

    /** The current route with its values, percent-encoded. */
    String path() {
        return expand(route);
    }

    /** The legacy route with its values, percent-encoded; null when there is none. */
    String legacy() {
        return legacyRoute == null ? null : expand(legacyRoute);
    }

    private String expand(String template) {
        Matcher placeholders = PLACEHOLDER.matcher(template);
        StringBuilder path = new StringBuilder();
        int i = 0;
        while (placeholders.find()) {
            placeholders.appendReplacement(path, Matcher.quoteReplacement(segment(values[i++])));
        }
        return placeholders.appendTail(path).toString();
    }

    private static Target current(Resource.InRepository r, String what, String route, String legacySuffix, String family) {
        return new Target(what + " '" + r.username() + "/" + r.name() + "'", route, LEGACY + legacySuffix, family,
                new String[] {r.username(), r.name()});
    }

    private static Target legacy(Resource.InRepository r, String what, String suffix) {
        return new Target(what + " '" + r.username() + "/" + r.name() + "'", LEGACY + suffix, null, null,
                new String[] {r.username(), r.name()});
    }
}
