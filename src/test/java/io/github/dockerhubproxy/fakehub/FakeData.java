package io.github.dockerhubproxy.fakehub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The emulated Docker Hub's deterministic data, with Docker Hub's field names: users {@code alice} (a few
 * repositories, non-ASCII text) and {@code bigorg} (1,234 repositories), {@code alice/webapp} (250 tags,
 * 150 comments, 230 builds, a Dockerfile and autobuild settings), {@code alice/manytags} (1,050 tags) and
 * {@code alice/manybuilds} (1,010 builds); {@code hugeorg} has 10,000 repositories; {@code alice/secret-stuff}
 * is private (seen only with alice's token). Every tag has amd64 and arm64 images with layers; comments and build
 * history exist only where listed (elsewhere Docker Hub's 404 for a retired route).
 */
final class FakeData {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int BIGORG_REPOSITORIES = 1234;
    static final int HUGEORG_REPOSITORIES = 10_000;

    /** A list of {@code size} items made on demand. */
    record Listing(int size, IntFunction<ObjectNode> item) {
        /** The items whose name contains {@code name}, in Docker Hub's {@code ordering}; null: as they are. */
        Listing query(String name, String ordering) {
            if (name == null && ordering == null) {
                return this;
            }
            List<ObjectNode> items = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                ObjectNode node = item.apply(i);
                if (name == null || node.path("name").asText().contains(name)) {
                    items.add(node);
                }
            }
            if (ordering != null) {
                String field = ordering.replaceFirst("^-", "");
                Comparator<ObjectNode> order = field.equals("pull_count")
                        ? Comparator.comparingLong(n -> n.path(field).asLong())
                        : Comparator.comparing(n -> n.path(field).asText());
                items.sort(ordering.startsWith("-") ? order.reversed() : order);
            }
            return new Listing(items.size(), items::get);
        }
    }

    /** A README like the ones on Docker Hub, so that a repository's detail is about 2 KB. */
    private static final String README = """
            ## Quick start

            ```sh
            docker run -d --name app -p 8080:8080 NAME:latest
            ```

            ## Tags

            - `latest` — the newest release, rebuilt weekly with security updates
            - `1.x` — a fixed release line; pin one of these in production

            ## Configuration

            | variable | default | meaning |
            |---|---|---|
            | `PORT` | `8080` | port to listen on |
            | `LOG_LEVEL` | `info` | one of debug, info, warn, error |
            | `DATA_DIR` | `/data` | where state is kept; mount a volume here |

            ## Architectures

            Images are published for linux/amd64 and linux/arm64 (Raspberry Pi 4 and newer).
            The image runs as an unprivileged user and works with a read-only root file system.

            ## Health check

            The image declares a health check that calls `GET /health` every 30 seconds. Orchestrators can
            use the same endpoint; it answers 200 while the process serves and 503 while it shuts down.
            On SIGTERM the process finishes requests in flight (at most ten seconds) and exits with status 0.

            ## Support

            Report problems in the issue tracker with the output of `docker version` and the image digest.
            Security issues: please write to the maintainers privately first.
            """;

    /** The private repository of {@code alice}, visible only to her. */
    static final String PRIVATE_REPOSITORY = "secret-stuff";

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, List<String>> repositories = new LinkedHashMap<>();
    private final Map<String, int[]> counts = new LinkedHashMap<>();

    FakeData() {
        users.put("alice", user("alice", "Alice Müller", "User", "Zürich"));
        users.put("bigorg", user("bigorg", "Big Org – Ltd", "Org", ""));
        users.put("emptyuser", user("emptyuser", "Nobody", "User", ""));
        repositories.put("alice", List.of("webapp", "worker", "tools", "manytags", "manybuilds", PRIVATE_REPOSITORY));
        List<String> big = new ArrayList<>();
        for (int i = 1; i <= BIGORG_REPOSITORIES; i++) {
            big.add(String.format("repo-%04d", i));
        }
        repositories.put("bigorg", big);
        List<String> huge = new ArrayList<>();
        for (int i = 1; i <= HUGEORG_REPOSITORIES; i++) {
            huge.add(String.format("image-%05d", i));
        }
        repositories.put("hugeorg", huge);
        users.put("hugeorg", user("hugeorg", "Huge Org", "Org", ""));
        repositories.put("emptyuser", List.of());
        // tags, comments, builds
        counts.put("alice/webapp", new int[] {250, 150, 230});
        counts.put("alice/manybuilds", new int[] {3, -1, 1010});
        counts.put("alice/manytags", new int[] {1050, -1, -1});
        counts.put("bigorg/repo-1234", new int[] {5000, -1, -1});
        users.put("vendor", user("vendor", "Vendor", "Org", ""));
        repositories.put("vendor", List.of("app"));
        // real-world tag forms, newest push first: name, last_updated day (November 2026), digest key, architectures
        String[][] app = {
            {"edge", "21", "e", "amd64"}, {"latest", "20", "31", "amd64"}, {"3.0.0", "19", "30", "arm64"},
            {"2.2.0-rc1", "18", "22r", "amd64 arm64"}, {"2.0.5", "15", "205", "amd64 arm64"},
            {"2.1.0-alpine", "10", "21a", "amd64 arm64"}, {"2.1.0", "10", "21", "amd64 arm64"}, {"2.1", "10", "21", "amd64 arm64"},
            {"3.1.0", "01", "31", ""}, {"1.9.9", "01", "199", "amd64"}};
        List<ObjectNode> appTags = new ArrayList<>();
        for (String[] t : app) {
            ObjectNode tag = JSON.createObjectNode().put("name", t[0]).put("last_updated", "2026-11-" + t[1] + "T08:00:00.000000Z")
                    .put("digest", t[2].equals("31") ? FakeImages.standard().tagDigest("vendor/app", "3.1.0")
                            : String.format("sha256:%064x", t[2].hashCode() & 0xffffffffL)).put("tag_status", "active");
            ArrayNode images = tag.putArray("images");
            for (String arch : t[3].isEmpty() ? new String[0] : t[3].split(" ")) {
                images.addObject().put("architecture", arch).put("os", "linux").putNull("variant")
                        .put("digest", String.format("sha256:%064x", (t[2] + arch).hashCode() & 0xffffffffL)).put("size", 1000);
            }
            appTags.add(tag);
        }
        namedTags.put("vendor/app", appTags);
    }

    /** Repositories whose tags have real-world names rather than 1.N. */
    private final Map<String, List<ObjectNode>> namedTags = new java.util.concurrent.ConcurrentHashMap<>();
    /** Pull counts a test set. */
    private final Map<String, Long> pulls = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Pushes a tag as Docker Hub would show it: at the head of the list (newest first), replacing a tag of that name.
     * A repository's generated tags become a list of their own on its first change.
     */
    synchronized void push(String namespace, String name, String tag, String digest, String lastUpdated, List<String> architectures) {
        List<ObjectNode> list = new ArrayList<>(own(namespace, name));
        list.removeIf(t -> t.get("name").asText().equals(tag));
        ObjectNode node = JSON.createObjectNode().put("creator", 7).put("id", 990000 + list.size()).put("name", tag)
                .put("last_updated", lastUpdated).put("tag_status", "active").put("tag_last_pushed", lastUpdated)
                .put("media_type", "application/vnd.oci.image.index.v1+json").put("content_type", "image").put("digest", digest);
        ArrayNode images = node.putArray("images");
        for (String arch : architectures) {
            images.addObject().put("architecture", arch).put("os", "linux").putNull("variant")
                    .put("digest", String.format("sha256:%064x", (digest + arch).hashCode() & 0xffffffffL)).put("size", 1000);
        }
        list.add(0, node);
        namedTags.put(namespace + "/" + name, List.copyOf(list));
    }

    /** Deletes a tag. */
    synchronized void delete(String namespace, String name, String tag) {
        List<ObjectNode> list = new ArrayList<>(own(namespace, name));
        list.removeIf(t -> t.get("name").asText().equals(tag));
        namedTags.put(namespace + "/" + name, List.copyOf(list));
    }

    /** Full descriptions (README Markdown) a test set. */
    private final Map<String, String> descriptions = new java.util.concurrent.ConcurrentHashMap<>();

    /** Sets a repository's full description. */
    void description(String namespace, String name, String markdown) {
        descriptions.put(namespace + "/" + name, markdown);
    }

    /** Sets a repository's pull count. */
    void pulls(String namespace, String name, long count) {
        pulls.put(namespace + "/" + name, count);
    }

    private List<ObjectNode> own(String namespace, String name) {
        List<ObjectNode> named = namedTags.get(namespace + "/" + name);
        if (named != null) {
            return named;
        }
        Listing generated = tags(namespace, name);
        List<ObjectNode> list = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            list.add(generated.item().apply(i));
        }
        return list;
    }

    ObjectNode user(String name) {
        return users.get(name);
    }

    boolean hasRepository(String namespace, String name, String viewer) {
        return repositories.getOrDefault(namespace, List.of()).contains(name)
                && (!name.equals(PRIVATE_REPOSITORY) || namespace.equals(viewer));
    }

    boolean hasRepository(String namespace, String name) {
        return hasRepository(namespace, name, namespace);
    }

    Listing repositories(String namespace, String viewer) {
        List<String> all = repositories.get(namespace);
        if (all == null) {
            return null;
        }
        List<String> names = namespace.equals(viewer) ? all : all.stream().filter(n -> !n.equals(PRIVATE_REPOSITORY)).toList();
        return new Listing(names.size(), i -> repositoryItem(namespace, names.get(i)));
    }

    /** One tag by name, or null. */
    ObjectNode tag(String namespace, String name, String tag) {
        List<ObjectNode> named = namedTags.get(namespace + "/" + name);
        if (named != null) {
            return named.stream().filter(t -> t.get("name").asText().equals(tag)).findFirst().orElse(null);
        }
        int size = count(namespace, name, 0, 3);
        int index = -1;
        if (tag.equals("latest")) {
            index = 0;
        } else if (tag.matches("1\\.[0-9]{1,6}")) {
            index = size - Integer.parseInt(tag.substring(2));
        }
        return index >= 0 && index < size ? tag(index, size) : null;
    }

    /** The per-platform images of a tag, with their layers, or null when there is no such tag. */
    ArrayNode tagImages(String namespace, String name, String tag) {
        if (tag(namespace, name, tag) == null) {
            return null;
        }
        ArrayNode images = JSON.createArrayNode();
        for (String[] platform : new String[][] {{"amd64", null}, {"arm64", "v8"}}) {
            ObjectNode image = images.addObject().put("architecture", platform[0]).put("features", "")
                    .put("variant", platform[1]).put("digest", String.format("sha256:%064x", (long) (name + tag + platform[0]).hashCode() & 0xffffffffL))
                    .put("os", "linux").put("os_features", "").putNull("os_version").put("size", 27_000_000)
                    .put("status", "active").put("last_pulled", timestamp(1)).put("last_pushed", timestamp(2));
            ArrayNode layers = image.putArray("layers");
            String[] instructions = {
                "/bin/sh -c #(nop) ADD file:5d673d25da3a14ce1f6cf66e4c7fd4f4b85a3759a9d93efb3fd9ff852b5b56e4 in / ",
                "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]",
                "RUN /bin/sh -c apk add --no-cache python3 # buildkit",
                "COPY . /app # buildkit",
                "CMD [\"python3\" \"/app/" + name + ".py\"]"};
            for (int i = 0; i < instructions.length; i++) {
                layers.addObject().put("digest", String.format("sha256:%064x", 0xfeed00L + i)).put("size", 1000L * i)
                        .put("instruction", instructions[i]);
            }
        }
        return images;
    }

    ObjectNode repository(String namespace, String name) {
        ObjectNode repo = repositoryItem(namespace, name);
        repo.put("user", namespace);
        repo.put("is_automated", name.equals("webapp"));
        repo.put("collaborator_count", 0);
        repo.put("hub_user", namespace);
        repo.put("has_starred", false);
        repo.put("full_description", "# " + name + "\n\nBuilt by " + users.get(namespace).get("full_name").asText() + ".\n\n"
                + README.replace("NAME", namespace + "/" + name));
        repo.put("full_description", descriptions.getOrDefault(namespace + "/" + name, repo.get("full_description").asText()));
        ObjectNode permissions = repo.putObject("permissions");
        permissions.put("read", true).put("write", false).put("admin", false);
        return repo;
    }

    Listing tags(String namespace, String name) {
        List<ObjectNode> named = namedTags.get(namespace + "/" + name);
        if (named != null) {
            return new Listing(named.size(), named::get);
        }
        int size = count(namespace, name, 0, 3);
        return new Listing(size, i -> tag(i, size));
    }

    Listing comments(String namespace, String name) {
        int size = count(namespace, name, 1, -1);
        return size < 0 ? null : new Listing(size, i -> JSON.createObjectNode()
                .put("id", 1000 + i).put("user", "commenter" + (i % 7)).put("comment", "Comment " + (i + 1) + " – schön")
                .put("created_on", timestamp(i)).put("updated_on", timestamp(i)));
    }

    Listing builds(String namespace, String name) {
        int size = count(namespace, name, 2, -1);
        return size < 0 ? null : new Listing(size, i -> build(i));
    }

    ObjectNode build(String namespace, String name, String code) {
        Listing builds = builds(namespace, name);
        for (int i = 0; builds != null && i < builds.size(); i++) {
            if (buildCode(i).equals(code)) {
                ObjectNode build = build(i);
                ObjectNode results = build.putObject("build_results");
                results.put("build_code", code).put("docker_repo", namespace + "/" + name).put("docker_tag", "latest")
                        .put("dockerfile_contents", "FROM alpine:3.20\n").put("error", (String) null)
                        .put("failure", (String) null).put("logs", "Step 1/1 : FROM alpine:3.20\n");
                return build;
            }
        }
        return null;
    }

    ObjectNode dockerfile(String namespace, String name) {
        return name.equals("webapp") && hasRepository(namespace, name)
                ? JSON.createObjectNode().put("contents", "FROM python:3.12-alpine\nCOPY . /app\nCMD [\"python\", \"/app/app.py\"]\n")
                : null;
    }

    ObjectNode autobuild(String namespace, String name) {
        if (!name.equals("webapp") || !hasRepository(namespace, name)) {
            return null;
        }
        ObjectNode settings = JSON.createObjectNode().put("active", true).put("build_name", namespace + "/" + name)
                .put("docker_url", namespace + "/" + name).put("provider", "github").put("repo_type", "git")
                .put("repo_web_url", "https://github.com/" + namespace + "/" + name)
                .put("source_url", "https://github.com/" + namespace + "/" + name + ".git");
        settings.putArray("build_tags").addObject().put("dockerfile_location", "/").put("name", "latest")
                .put("source_name", "main").put("source_type", "Branch");
        return settings;
    }

    static String buildCode(int i) {
        return String.format("b%05d", i + 1);
    }

    private int count(String namespace, String name, int which, int fallback) {
        int[] known = counts.get(namespace + "/" + name);
        return known != null ? known[which] : fallback;
    }

    private ObjectNode build(int i) {
        return JSON.createObjectNode().put("id", 5000 + i).put("build_code", buildCode(i)).put("dockertag_name", "latest")
                .put("cause", "TRIGGERED_BY_PUSH").put("status", i % 10 == 0 ? -1 : 10)
                .put("created_date", timestamp(i)).put("last_updated", timestamp(i));
    }

    private static ObjectNode tag(int i, int size) {
        ObjectNode tag = JSON.createObjectNode().put("creator", 7).put("id", 900000 + i);
        String digest = String.format("sha256:%064x", 0xabc000L + i);
        tag.putArray("images").addObject().put("architecture", "amd64").put("features", "").putNull("variant")
                .put("digest", digest).put("os", "linux").put("os_features", "").putNull("os_version")
                .put("size", 27_000_000 + i).put("status", "active")
                .put("last_pulled", timestamp(i)).put("last_pushed", timestamp(i));
        return tag.put("last_updated", timestamp(size - i)).put("last_updater", 7).put("last_updater_username", "alice")
                .put("name", i == 0 ? "latest" : "1." + (size - i)).put("repository", 4242).put("full_size", 27_000_000 + i)
                .put("v2", true).put("tag_status", "active").put("tag_last_pulled", timestamp(i))
                .put("tag_last_pushed", timestamp(size - i)).put("media_type", "application/vnd.oci.image.index.v1+json")
                .put("content_type", "image").put("digest", digest);
    }

    private ObjectNode repositoryItem(String namespace, String name) {
        ObjectNode repo = JSON.createObjectNode().put("name", name).put("namespace", namespace)
                .put("repository_type", "image").put("status", 1).put("status_description", "active")
                .put("description", name.equals("tools") ? "Tools – für Müller’s builds" : "The " + name + " image")
                .put("is_private", name.equals(PRIVATE_REPOSITORY)).put("star_count", name.length()).put("pull_count", pulls.getOrDefault(namespace + "/" + name, 1000L * name.hashCode() & 0xffffff))
                .put("last_updated", "2025-06-01T10:00:00.000000Z").put("last_modified", "2025-06-01T10:00:00.000000Z")
                .put("date_registered", "2019-01-01T00:00:00.000000Z").put("affiliation", "");
        repo.putArray("media_types").add("application/vnd.oci.image.index.v1+json");
        repo.putArray("content_types").add("image");
        repo.putArray("categories");
        return repo.put("storage_size", 123456789L);
    }

    private static ObjectNode user(String name, String fullName, String type, String location) {
        return JSON.createObjectNode().put("id", Integer.toHexString(name.hashCode()) + "0ab70deb065a43fcacd55d48")
                .put("username", name).put("full_name", fullName).put("location", location).put("company", "")
                .put("profile_url", "").put("date_joined", "2017-02-01T12:00:00.000000Z")
                .put("gravatar_url", "").put("gravatar_email", "").put("type", type);
    }

    private static String timestamp(int i) {
        return String.format("2025-%02d-%02dT%02d:00:00.000000Z", 1 + (i / 28) % 12, 1 + i % 28, i % 24);
    }
}
