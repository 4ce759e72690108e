package io.github.dockerhubproxy.upstream;

import java.time.Instant;

/** What Docker Hub retired, and when, for the routes of the original proxy that no longer answer. */
final class Retirement {
    /** The day Docker Hub removes automated builds; until then a repository may simply have none. */
    static final Instant AUTOMATED_BUILDS_REMOVED = Instant.parse("2027-04-01T00:00:00Z");

    private Retirement() {
    }

    /**
     * The explanation for a resource whose route Docker Hub retired by {@code now}, or null when it is not one of
     * those (automated builds exist until {@link #AUTOMATED_BUILDS_REMOVED}).
     */
    static String of(Resource resource, Instant now) {
        return switch (resource) {
            case Resource.Comments r -> "Docker Hub retired repository comments at the end of 2017; they can no longer be read";
            case Resource.BuildHistory r -> "Docker Hub retired the build history API in 2021; it no longer answers";
            case Resource.BuildDetails r -> "Docker Hub retired the build history API in 2021; build details no longer answer";
            case Resource.AutobuildSettings r -> now.isBefore(AUTOMATED_BUILDS_REMOVED) ? null
                    : "Docker Hub removed automated builds on 1 April 2027; there are no autobuild settings to read";
            default -> null;
        };
    }

    /** Why a resource that Docker Hub does not have, in a repository that exists, is missing; null when not known. */
    static String absent(Resource resource) {
        return resource instanceof Resource.AutobuildSettings
                ? "no automated build is configured for this repository (Docker Hub removes automated builds on 1 April 2027)"
                : null;
    }
}
