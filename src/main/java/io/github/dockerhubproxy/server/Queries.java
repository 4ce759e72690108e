package io.github.dockerhubproxy.server;

import io.github.dockerhubproxy.upstream.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The query parameters of the image-fact routes: {@code platform}, and {@code sort}, {@code arch}, {@code prerelease}. */
final class Queries {
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]{1,20}/[a-z0-9_]{1,20}(/[a-z0-9]{1,20})?");
    private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9_]{1,20}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private Queries() {
    }

    /**
     * {@code platform}: {@code os/architecture[/variant]}, or null when not given.
     *
     * @throws BadRequest when given twice or not of that form
     */
    static String platform(String rawQuery) {
        String platform = read(rawQuery, List.of("platform")).get("platform");
        if (platform != null && !PLATFORM.matcher(platform).matches()) {
            throw new BadRequest("invalid platform '" + PathValue.printable(platform)
                    + "': os/architecture or os/architecture/variant, e.g. linux/amd64 or linux/arm/v7");
        }
        return platform;
    }

    /**
     * {@code /latest}: {@code sort=semver|date} (default semver), {@code arch=} (any when not given),
     * {@code prerelease=true|false} (default false).
     *
     * @throws BadRequest when a value is not one of those
     */
    static Resource.Latest latest(String username, String name, String rawQuery) {
        return latest(username, name, read(rawQuery, List.of("sort", "arch", "prerelease")));
    }

    /** {@code /latest} from parameters already read (a badge's query). */
    static Resource.Latest latest(String username, String name, Map<String, String> query) {
        String sort = query.getOrDefault("sort", "semver");
        if (!sort.equals("semver") && !sort.equals("date")) {
            throw new BadRequest("invalid sort '" + PathValue.printable(sort) + "': semver or date");
        }
        String arch = architecture(query);
        String pre = query.getOrDefault("prerelease", "false");
        if (!pre.equals("true") && !pre.equals("false")) {
            throw new BadRequest("invalid prerelease '" + PathValue.printable(pre) + "': true or false");
        }
        return new Resource.Latest(username, name, sort.equals("semver"), arch, pre.equals("true"));
    }

    /**
     * {@code arch}: an architecture such as amd64, or null when not given.
     *
     * @throws BadRequest when it is not one
     */
    static String architecture(Map<String, String> query) {
        String arch = query.get("arch");
        if (arch != null && !ARCHITECTURE.matcher(arch).matches()) {
            throw new BadRequest("invalid arch '" + PathValue.printable(arch) + "': an architecture such as amd64, arm64 or arm");
        }
        return arch;
    }

    /**
     * A digest from the path.
     *
     * @throws BadRequest when it is not {@code sha256:} and 64 lowercase hex digits
     */
    static String digest(String value) {
        if (!DIGEST.matcher(value).matches()) {
            throw new BadRequest("invalid digest '" + PathValue.printable(value) + "': sha256: followed by 64 lowercase hex digits");
        }
        return value;
    }

    /**
     * The parameters named in {@code known}, decoded; others are ignored, as on every route.
     *
     * @throws BadRequest when one is given twice
     */
    static Map<String, String> read(String rawQuery, List<String> known) {
        Map<String, String> values = new HashMap<>();
        for (String pair : rawQuery == null || rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = PathValue.percentDecode(eq < 0 ? pair : pair.substring(0, eq), "query parameter");
            if (!known.contains(key)) {
                continue;
            }
            if (values.put(key, PathValue.percentDecode(eq < 0 ? "" : pair.substring(eq + 1), key)) != null) {
                throw new BadRequest("invalid query: '" + key + "' given more than once");
            }
        }
        return values;
    }
}
