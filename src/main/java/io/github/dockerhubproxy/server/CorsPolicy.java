package io.github.dockerhubproxy.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which browser origins may read the proxy's answers: {@code *} (any origin), {@code *.example.com} (any
 * subdomain over http or https on any port), a regular expression matched against the whole Origin, or an
 * exact origin; all case-insensitive.
 */
public final class CorsPolicy {
    private static final String REGEX_CHARACTERS = "^$()[]{}+?|\\";

    private final List<Predicate<String>> rules;
    private final String description;

    private CorsPolicy(List<Predicate<String>> rules, String description) {
        this.rules = List.copyOf(rules);
        this.description = description;
    }

    /** The default: {@code http://localhost} and {@code http://127.0.0.1}, with or without a port. */
    public static CorsPolicy localhostOnly() {
        return new CorsPolicy(List.of(
                fullMatch("http://localhost(:[0-9]{1,5})?"),
                fullMatch("http://127\\.0\\.0\\.1(:[0-9]{1,5})?")), "[http://localhost[:port], http://127.0.0.1[:port]]");
    }

    /**
     * Parses a comma-separated {@code CORS_ORIGINS} value; entries are trimmed, empty ones ignored.
     *
     * @throws IllegalArgumentException naming the entry that is not a valid regular expression
     */
    public static CorsPolicy parse(String origins) {
        List<Predicate<String>> rules = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String raw : origins.split(",")) {
            String entry = raw.strip();
            if (!entry.isEmpty()) {
                rules.add(rule(entry));
                entries.add(entry);
            }
        }
        return new CorsPolicy(rules, entries.toString());
    }

    /** Whether a browser page from {@code origin} may read the answers. */
    public boolean allows(String origin) {
        for (Predicate<String> rule : rules) {
            if (rule.test(origin)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return description;
    }

    static boolean isRegex(String entry) {
        String rest = entry.startsWith("*.") ? entry.substring(2) : entry;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '*' || REGEX_CHARACTERS.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static Predicate<String> rule(String entry) {
        if (entry.equals("*")) {
            return origin -> true;
        }
        if (isRegex(entry)) {
            try {
                return fullMatch(entry);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + entry + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        if (entry.startsWith("*.")) {
            return fullMatch("https?://([a-z0-9-]+\\.)+" + Pattern.quote(entry.substring(2)) + "(:[0-9]{1,5})?");
        }
        String exact = entry.toLowerCase(Locale.ROOT);
        return origin -> origin.toLowerCase(Locale.ROOT).equals(exact);
    }

    private static Predicate<String> fullMatch(String regex) {
        Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        return origin -> pattern.matcher(origin).matches();
    }
}
