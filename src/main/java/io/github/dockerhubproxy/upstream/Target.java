package io.github.dockerhubproxy.upstream;

import static io.github.dockerhubproxy.upstream.DockerHub.segment;

/** Where a resource lives upstream, and how to name it in an error message. */
record Target(String what, String path) {

    static Target of(Resource resource) {
        return switch (resource) {
            case Resource.User r -> new Target("user '" + r.username() + "'", "/v2/users/" + segment(r.username()) + "/");
            case Resource.Repositories r -> new Target("repositories of '" + r.username() + "'",
                    "/v2/repositories/" + segment(r.username()) + "/");
            case Resource.Repository r -> repository("repository", r.username(), r.name(), "");
            case Resource.Tags r -> repository("tags of", r.username(), r.name(), "tags/");
            case Resource.Dockerfile r -> repository("Dockerfile of", r.username(), r.name(), "dockerfile/");
            case Resource.AutobuildSettings r -> repository("autobuild settings of", r.username(), r.name(), "autobuild/");
            case Resource.Comments r -> repository("comments of", r.username(), r.name(), "comments/");
            case Resource.BuildHistory r -> repository("build history of", r.username(), r.name(), "buildhistory/");
            case Resource.BuildDetails r -> new Target(
                    "build '" + r.buildCode() + "' of '" + r.username() + "/" + r.name() + "'",
                    "/v2/repositories/" + segment(r.username()) + "/" + segment(r.name()) + "/buildhistory/"
                            + segment(r.buildCode()) + "/");
        };
    }

    private static Target repository(String what, String username, String name, String suffix) {
        return new Target(what + " '" + username + "/" + name + "'",
                "/v2/repositories/" + segment(username) + "/" + segment(name) + "/" + suffix);
    }
}
