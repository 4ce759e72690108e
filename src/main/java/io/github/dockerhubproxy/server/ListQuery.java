package io.github.dockerhubproxy.server;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options a list route takes in its query string: {@code limit} (capped by configuration),
 * {@code ordering} and {@code name} (both sent to Docker Hub on every page). Other parameters are ignored, as
 * the original ignored every query string.
 *
 * @param limit most items returned
 * @param ordering Docker Hub's ordering, or null
 * @param name Docker Hub's name filter, or null
 */
record ListQuery(int limit, String ordering, String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    /** What one list route accepts. */
    record Rule(int cap, List<String> orderings, boolean nameFilter) {}

    /**
     * Parses a raw (percent-encoded) query string.
     *
     * @throws BadRequest with a message fit for the client
     */
    static ListQuery parse(String rawQuery, Rule rule) {
        int limit = rule.cap();
        String ordering = null;
        String name = null;
        Set<String> seen = new HashSet<>();
        for (String pair : rawQuery == null || rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = PathValue.percentDecode(eq < 0 ? pair : pair.substring(0, eq), "query parameter");
            if (!key.equals("limit") && !key.equals("ordering") && !key.equals("name")) {
                continue;
            }
            String value = PathValue.percentDecode(eq < 0 ? "" : pair.substring(eq + 1), key);
            if (!seen.add(key)) {
                throw new BadRequest("invalid query: '" + key + "' given more than once");
            }
            switch (key) {
                case "limit" -> limit = limit(value, rule.cap());
                case "ordering" -> ordering = ordering(value, rule.orderings());
                default -> name = name(value, rule.nameFilter());
            }
        }
        return new ListQuery(limit, ordering, name);
    }

    /** Items to ask for per upstream page: no more than needed, at most Docker Hub's 100. */
    int pageSize() {
        return Math.min(100, limit);
    }

    private static int limit(String value, int cap) {
        if (value.matches("[0-9]{1,9}") && Integer.parseInt(value) >= 1) {
            return Math.min(cap, Integer.parseInt(value));
        }
        throw new BadRequest("invalid limit '" + PathValue.printable(value)
                + "': a whole number from 1 (values above " + cap + " are capped)");
    }

    private static String ordering(String value, List<String> orderings) {
        if (orderings.contains(value)) {
            return value;
        }
        throw new BadRequest(orderings.isEmpty() ? "ordering is not supported on this route"
                : "invalid ordering '" + PathValue.printable(value) + "': one of " + String.join(", ", orderings));
    }

    private static String name(String value, boolean allowed) {
        if (!allowed) {
            throw new BadRequest("name is not supported on this route");
        }
        if (NAME.matcher(value).matches()) {
            return value;
        }
        throw new BadRequest("invalid name '" + PathValue.printable(value)
                + "': letters, digits, '_', '.', ':' or '-', at most 128 characters");
    }
}
