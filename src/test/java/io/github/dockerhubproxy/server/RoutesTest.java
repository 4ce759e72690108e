package io.github.dockerhubproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.dockerhubproxy.upstream.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutesTest {
    private final Routes routes = new Routes(10_000, 1_000);

    @ParameterizedTest(name = "{0}?{1} -> {2}")
    @CsvSource(delimiterString = " | ", nullValues = "-", value = {
        "/users/alice | - | User[username=alice]",
        "/users/alice/ | - | User[username=alice]",
        "/users/al%69ce | - | User[username=alice]",
        "/repositories/bigorg | - | Repositories[username=bigorg, pageSize=100, limit=10000, ordering=null, filter=null]",
        "/repositories/bigorg | limit=5&ordering=-name&name=repo | Repositories[username=bigorg, pageSize=5, limit=5, ordering=-name, filter=repo]",
        "/repositories/bigorg | limit=99999 | Repositories[username=bigorg, pageSize=100, limit=10000, ordering=null, filter=null]",
        "/repositories/bigorg | page=2&page_size=1 | Repositories[username=bigorg, pageSize=100, limit=10000, ordering=null, filter=null]",
        "/repositories/a/b/tags/1.0_rc-2 | - | Tag[username=a, name=b, tag=1.0_rc-2]",
        "/repositories/a/b/tags/_x/images | - | TagImages[username=a, name=b, tag=_x]",
        "/repositories/a/b/builds/b-01_x | - | BuildDetails[username=a, name=b, buildCode=b-01_x]",
        "/repositories/a/tags | - | Repository[username=a, name=tags]",
    })
    void paths_nameTheirResource(String path, String query, String resource) {
        Routes.Match match = routes.match(path, query);

        assertThat(match).isInstanceOfSatisfying(Routes.Match.Found.class,
                found -> assertThat(found.resource()).hasToString(resource));
    }

    @ParameterizedTest(name = "{0}?{1}")
    @CsvSource(delimiterString = " | ", nullValues = "-", value = {
        "/users/-alice | -",
        "/users// | -",
        "/users/alice- | -",
        "/users/a.b_ | -",
        "/repositories/a/b/tags/.hidden | -",
        "/repositories/a/b/tags/-x | -",
        "/repositories/a/b/builds/b.1 | -",
        "/repositories/a | limit=0",
        "/repositories/a | ordering=stars",
        "/repositories/a/b/comments | name=x",
    })
    void valuesBreakingTheNamingRules_areInvalid(String path, String query) {
        assertThat(routes.match(path, query)).isInstanceOf(Routes.Match.Invalid.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/", "/users", "/repositories/a/b/c", "/v2/users/alice", "/users/alice/repos"})
    void otherShapes_matchNoRoute(String path) {
        assertThat(routes.match(path, null)).isInstanceOf(Routes.Match.NotFound.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"/ratelimit", "/metrics", "/health", "/ready", "/health/"})
    void localRoutes_areTheProxysOwn(String path) {
        assertThat(routes.match(path, null)).isInstanceOf(Routes.Match.Local.class);
        assertThat(Routes.templates()).contains(path.replaceAll("/$", ""));
        assertThat(Resource.MAX_PAGE_SIZE).isEqualTo(100);
    }
}
