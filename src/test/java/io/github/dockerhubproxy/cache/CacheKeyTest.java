package io.github.dockerhubproxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.upstream.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys replicas share: pinned, because a change would make every replica miss what the others stored. */
class CacheKeyTest {

    @Test
    void everyResource_hasItsPinnedKey() {
        Map<Resource, String> keys = new LinkedHashMap<>();
        keys.put(new Resource.User("alice"), "user/alice");
        keys.put(new Resource.Repositories("bigorg", 100, 10_000), "repositories/bigorg?page_size=100&limit=10000");
        keys.put(new Resource.Repositories("bigorg", 100, 50, "-pull_count", "web app"),
                "repositories/bigorg?page_size=100&limit=50&ordering=-pull_count&name=web+app");
        keys.put(new Resource.Repository("alice", "webapp"), "repository/alice/webapp");
        keys.put(new Resource.Tags("alice", "webapp", 100, 1000, "-last_updated", null),
                "tags/alice/webapp?page_size=100&limit=1000&ordering=-last_updated");
        keys.put(new Resource.Tag("alice", "webapp", "1.0"), "tag/alice/webapp/1.0");
        keys.put(new Resource.TagImages("alice", "webapp", "latest"), "tag-images/alice/webapp/latest");
        keys.put(new Resource.Dockerfile("alice", "webapp"), "dockerfile/alice/webapp");
        keys.put(new Resource.AutobuildSettings("alice", "webapp"), "autobuild/alice/webapp");
        keys.put(new Resource.Comments("alice", "webapp", 100, 1000), "comments/alice/webapp?page_size=100&limit=1000");
        keys.put(new Resource.BuildHistory("alice", "webapp", 100, 1000), "builds/alice/webapp?page_size=100&limit=1000");
        keys.put(new Resource.BuildDetails("alice", "webapp", "b00001"), "build/alice/webapp/b00001");

        keys.forEach((resource, key) -> assertThat(CacheKey.of(resource)).as(resource.toString()).isEqualTo(key));
        assertThat(RedisTier.PREFIX).isEqualTo("dockerhub-proxy:v3:");
    }

    @Test
    void valuesAreEncoded_soNoTwoResourcesShareAKey() {
        assertThat(CacheKey.of(new Resource.Tag("a", "b", "c/d"))).isEqualTo("tag/a/b/c%2Fd");
        assertThat(CacheKey.of(new Resource.Tag("a", "b", "c/d")))
                .isNotEqualTo(CacheKey.of(new Resource.BuildDetails("a", "b", "c/d")));
        assertThat(CacheKey.of(new Resource.Repositories("a", 100, 10, null, "x&limit=5")))
                .isEqualTo("repositories/a?page_size=100&limit=10&name=x%26limit%3D5");
    }
}
