package io.github.dockerhubproxy.cache;

import io.github.dockerhubproxy.upstream.Resource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The shared tier's name for a resource: an explicit, versioned format — never a record's {@code toString()},
 * which would change the keys in use whenever a field is renamed. Every value is percent-encoded, so two resources
 * never share a key. Changing the key format, or the entry format ({@link EntryCodec}), means a new {@link #VERSION},
 * so that replicas of different versions never read each other's entries (v3: entries are outcomes, not statuses).
 */
final class CacheKey {
    /** The format's version, part of every key. */
    static final String VERSION = "v3";

    private CacheKey() {
    }

    /** e.g. {@code tags/alice/webapp?page_size=100&limit=1000&ordering=-last_updated}. */
    static String of(Resource resource) {
        return switch (resource) {
            case Resource.User r -> "user/" + e(r.username());
            case Resource.Repositories r -> "repositories/" + e(r.username()) + paging(r);
            case Resource.Repository r -> "repository/" + repo(r);
            case Resource.Tags r -> "tags/" + repo(r) + paging(r);
            case Resource.Tag r -> "tag/" + repo(r) + "/" + e(r.tag());
            case Resource.TagPage r -> "tag-page/" + repo(r) + "/" + r.page();
            case Resource.TagImages r -> "tag-images/" + repo(r) + "/" + e(r.tag());
            case Resource.Dockerfile r -> "dockerfile/" + repo(r);
            case Resource.AutobuildSettings r -> "autobuild/" + repo(r);
            case Resource.Comments r -> "comments/" + repo(r) + paging(r);
            case Resource.BuildHistory r -> "builds/" + repo(r) + paging(r);
            case Resource.BuildDetails r -> "build/" + repo(r) + "/" + e(r.buildCode());
            case Resource.Platforms r -> "platforms/" + repo(r) + "/" + e(r.tag());
            case Resource.DigestTags r -> "digest-tags/" + repo(r) + "/" + e(r.digest());
            case Resource.Latest r -> "latest/" + repo(r) + "?sort=" + (r.semver() ? "semver" : "date")
                    + (r.architecture() == null ? "" : "&arch=" + e(r.architecture())) + "&prerelease=" + r.preRelease();
            case Resource.History r -> "history/" + repo(r) + "/" + e(r.tag()) + (r.platform() == null ? "" : "?platform=" + e(r.platform()));
        };
    }

    private static String repo(Resource.InRepository r) {
        return e(r.username()) + "/" + e(r.name());
    }

    private static String paging(Resource.Paged paged) {
        StringBuilder query = new StringBuilder("?page_size=").append(paged.pageSize()).append("&limit=").append(paged.limit());
        if (paged.ordering() != null) {
            query.append("&ordering=").append(e(paged.ordering()));
        }
        if (paged.filter() != null) {
            query.append("&name=").append(e(paged.filter()));
        }
        return query.toString();
    }

    private static String e(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
