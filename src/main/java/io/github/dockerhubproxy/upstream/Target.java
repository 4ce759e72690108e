package io.github.dockerhubproxy.upstream;

import static io.github.dockerhubproxy.upstream.DockerHub.segment;

/**
 * Where a resource lives upstream, and how to name it in an error message. {@code path} is Docker Hub's
 * current route; {@code legacy}, when not null, the deprecated {@code /v2/repositories/...} route to fall back
 * to where the current one does not exist. {@code family} groups resources whose routes come and go together.
 */
record Target(String what, String path, String legacy, String family) {

    static Target of(Resource resource) {
        return switch (resource) {
            case Resource.User r -> new Target("user '" + r.username() + "'", "/v2/users/" + segment(r.username()) + "/", null, null);
            case Resource.Repositories r -> new Target("repositories of '" + r.username() + "'",
                    namespaces(r.username()), "/v2/repositories/" + segment(r.username()) + "/", "repositories");
            case Resource.Repository r -> new Target(name("repository", r),
                    namespaces(r.username()) + "/" + segment(r.name()), legacy(r, ""), "repository");
            case Resource.Tags r -> new Target(name("tags of", r),
                    namespaces(r.username()) + "/" + segment(r.name()) + "/tags", legacy(r, "tags/"), "tags");
            case Resource.Tag r -> new Target("tag '" + r.username() + "/" + r.name() + ":" + r.tag() + "'",
                    namespaces(r.username()) + "/" + segment(r.name()) + "/tags/" + segment(r.tag()),
                    legacy(r, "tags/" + segment(r.tag()) + "/"), "tag");
            case Resource.TagImages r -> new Target("images of '" + r.username() + "/" + r.name() + ":" + r.tag() + "'",
                    legacy(r, "tags/" + segment(r.tag()) + "/images"), null, null);
            case Resource.Dockerfile r -> new Target(name("Dockerfile of", r), legacy(r, "dockerfile/"), null, null);
            case Resource.AutobuildSettings r -> new Target(name("autobuild settings of", r), legacy(r, "autobuild/"), null, null);
            case Resource.Comments r -> new Target(name("comments of", r), legacy(r, "comments/"), null, null);
            case Resource.BuildHistory r -> new Target(name("build history of", r), legacy(r, "buildhistory/"), null, null);
            case Resource.BuildDetails r -> new Target("build '" + r.buildCode() + "' of '" + r.username() + "/" + r.name() + "'",
                    legacy(r, "buildhistory/" + segment(r.buildCode()) + "/"), null, null);
        };
    }

    private static String name(String what, Resource.InRepository r) {
        return what + " '" + r.username() + "/" + r.name() + "'";
    }

    private static String namespaces(String namespace) {
        return "/v2/namespaces/" + segment(namespace) + "/repositories";
    }

    static String legacy(Resource.InRepository r, String suffix) {
        return "/v2/repositories/" + segment(r.username()) + "/" + segment(r.name()) + "/" + suffix;
    }
}
