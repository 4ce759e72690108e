package io.github.dockerhubproxy.upstream;

/**
 * What to fetch from Docker Hub: one record per upstream call. Records are values, so a resource doubles as
 * the cache key (query options included), and the client dispatches on it with an exhaustive {@code switch}.
 */
public sealed interface Resource {

    /** Items per upstream page; Docker Hub caps {@code page_size} at 100. */
    int MAX_PAGE_SIZE = 100;

    /** A user's or organisation's profile. */
    record User(String username) implements Resource {}

    /** Something that belongs to one repository. */
    sealed interface InRepository extends Resource {
        /** The repository's namespace. */
        String username();

        /** The repository's name. */
        String name();
    }

    /** One repository. */
    record Repository(String username, String name) implements InRepository {}

    /** One tag of a repository, with its per-platform images. */
    record Tag(String username, String name, String tag) implements InRepository {}

    /** The per-platform images of a tag, with their layers. */
    record TagImages(String username, String name, String tag) implements InRepository {}

    /** A repository's Dockerfile: Docker Hub's (automated builds only), else rebuilt from image layers. */
    record Dockerfile(String username, String name) implements InRepository {}

    /** A repository's automated-build settings (automated builds retire in 2027). */
    record AutobuildSettings(String username, String name) implements InRepository {}

    /** One automated build (retired by Docker Hub). */
    record BuildDetails(String username, String name, String buildCode) implements InRepository {}

    /** Something the registry (not Docker Hub's web API) answers, about a repository's images. */
    sealed interface FromRegistry extends InRepository {
        /** The repository's name in the registry: {@code namespace/name} ({@code library/nginx} for official images). */
        default String registryName() {
            return username() + "/" + name();
        }
    }

    /** The platforms of a tag, from its manifest index (or single manifest) and config blobs. */
    record Platforms(String username, String name, String tag) implements FromRegistry {}

    /** The build history of one platform of a tag ({@code os/architecture[/variant]}; null: linux/amd64, else the first). */
    record History(String username, String name, String tag, String platform) implements FromRegistry {}

    /** An answer the proxy works out from a repository's whole tag list. */
    sealed interface FromTags extends InRepository {}

    /** The tags whose index or platform image has this digest. */
    record DigestTags(String username, String name, String digest) implements FromTags {}

    /**
     * The newest tag.
     *
     * @param semver by version ({@code true}) or by Docker Hub's {@code last_updated}
     * @param architecture only tags with an image for this architecture, or null for any
     * @param preRelease whether pre-releases ({@code 1.2.3-rc1}) count
     */
    record Latest(String username, String name, boolean semver, String architecture, boolean preRelease) implements FromTags {}

    /** A list Docker Hub returns page by page; the proxy returns all of its pages as one. */
    sealed interface Paged extends Resource {
        /** Items asked for per upstream page, 1 to {@link #MAX_PAGE_SIZE}. */
        int pageSize();

        /** Most items returned. */
        int limit();

        /** Docker Hub's {@code ordering}, e.g. {@code -last_updated}, or null. */
        default String ordering() {
            return null;
        }

        /** Docker Hub's {@code name} filter, or null. */
        default String filter() {
            return null;
        }
    }

    /** A user's or organisation's repositories. */
    record Repositories(String username, int pageSize, int limit, String ordering, String filter) implements Paged {
        public Repositories {
            checkPaging(pageSize, limit);
        }

        public Repositories(String username, int pageSize, int limit) {
            this(username, pageSize, limit, null, null);
        }
    }

    /** A repository's tags. */
    record Tags(String username, String name, int pageSize, int limit, String ordering, String filter)
            implements Paged, InRepository {
        public Tags {
            checkPaging(pageSize, limit);
        }

        public Tags(String username, String name, int pageSize, int limit) {
            this(username, name, pageSize, limit, null, null);
        }
    }

    /**
     * One page of a repository's tags, newest first ({@code ordering=-last_updated}, {@link #MAX_PAGE_SIZE} a page):
     * what the watch list reads, page by page, until it meets tags it already knows.
     */
    record TagPage(String username, String name, int page) implements InRepository {
        public TagPage {
            if (page < 1) {
                throw new IllegalArgumentException("page must be at least 1, was " + page);
            }
        }
    }

    /** A repository's comments (retired by Docker Hub). */
    record Comments(String username, String name, int pageSize, int limit) implements Paged, InRepository {
        public Comments {
            checkPaging(pageSize, limit);
        }
    }

    /** A repository's automated-build history (retired by Docker Hub). */
    record BuildHistory(String username, String name, int pageSize, int limit) implements Paged, InRepository {
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
