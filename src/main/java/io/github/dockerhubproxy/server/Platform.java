package io.github.dockerhubproxy.server;

import java.util.regex.Pattern;

/** The {@code platform} query parameter: {@code os/architecture[/variant]}, e.g. {@code linux/arm/v7}. */
final class Platform {
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]{1,20}/[a-z0-9_]{1,20}(/[a-z0-9]{1,20})?");

    private Platform() {
    }

    /**
     * The platform asked for, or null when the query names none.
     *
     * @throws BadRequest when it is given twice or is not of the form {@code os/architecture[/variant]}
     */
    static String parse(String rawQuery) {
        String platform = null;
        for (String pair : rawQuery == null || rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = PathValue.percentDecode(eq < 0 ? pair : pair.substring(0, eq), "query parameter");
            if (!key.equals("platform")) {
                continue;
            }
            if (platform != null) {
                throw new BadRequest("invalid query: 'platform' given more than once");
            }
            platform = PathValue.percentDecode(eq < 0 ? "" : pair.substring(eq + 1), key);
            if (!PLATFORM.matcher(platform).matches()) {
                throw new BadRequest("invalid platform '" + PathValue.printable(platform)
                        + "': os/architecture or os/architecture/variant, e.g. linux/amd64 or linux/arm/v7");
            }
        }
        return platform;
    }
}
