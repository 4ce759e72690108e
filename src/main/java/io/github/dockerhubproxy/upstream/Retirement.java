package io.github.dockerhubproxy.upstream;

/** What Docker Hub retired, and when, for the routes of the original proxy that no longer answer. */
final class Retirement {
    private Retirement() {
    }

    /** The explanation for a resource whose route Docker Hub retired, or null when it is not one of those. */
    static String of(Resource resource) {
        return switch (resource) {
            case Resource.Comments r -> "Docker Hub retired repository comments at the end of 2017; they can no longer be read";
            case Resource.BuildHistory r -> "Docker Hub retired the build history API in 2021; it no longer answers";
            case Resource.BuildDetails r -> "Docker Hub retired the build history API in 2021; build details no longer answer";
            case Resource.AutobuildSettings r -> "Docker Hub is retiring automated builds (deprecated in 2026, removed on "
                    + "1 April 2027); this repository has no autobuild settings to read";
            default -> null;
        };
    }
}
