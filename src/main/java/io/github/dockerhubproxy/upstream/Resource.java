package io.github.dockerhubproxy.upstream;

/**
 * What to fetch from Docker Hub: one record per upstream call. Records are values, so a resource doubles as
 * the cache key, and the client dispatches on it with an exhaustive {@code switch}.
 */
public sealed interface Resource {

    /** Items per upstream page; Docker Hub caps {@code page_size} at 100. */
    int MAX_PAGE_SIZE = 100;

    /** A user's or organisation's profile. */
    record User(String username) implements Resource {}

    /** One repository. */
    record Repository(String username, String name) implements Resource {}

    /** A repository's Dockerfile (automated builds only). */
    record Dockerfile(String username, String name) implements Resource {}

    /** A repository's automated-build settings. */
    record AutobuildSettings(String username, String name) implements Resource {}

    /** One automated build. */
    record BuildDetails(String username, String name, String buildCode) implements Resource {}

    /** A list Docker Hub returns page by page; the proxy returns all of its pages as one. */
    sealed interface Paged extends Resource {
        /** Items asked for per upstream page, 1 to {@link #MAX_PAGE_SIZE}. */
        int pageSize();

        /** Most items returned. */
        int limit();
    }

    /** A user's or organisation's repositories. */
    record Repositories(String username, int pageSize, int limit) implements Paged {
        public Repositories {
            checkPaging(pageSize, limit);
        }
    }

    /** A repository's tags. */
    record Tags(String username, String name, int pageSize, int limit) implements Paged {
        public Tags {
            checkPaging(pageSize, limit);
        }
    }

    /** A repository's comments. */
    record Comments(String username, String name, int pageSize, int limit) implements Paged {
        public Comments {
            checkPaging(pageSize, limit);
        }
    }

    /** A repository's automated-build history. */
    record BuildHistory(String username, String name, int pageSize, int limit) implements Paged {
        public BuildHistory {
            checkPaging(pageSize, limit);
        }
    }

    private static void checkPaging(int pageSize, int limit) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }
}
