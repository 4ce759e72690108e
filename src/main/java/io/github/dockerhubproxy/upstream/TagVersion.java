package io.github.dockerhubproxy.upstream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tag read as a version, in the forms people use: {@code 1.2.3}, {@code v1.2}, {@code 1.2.3.4}; {@code 1.2.3-alpine}
 * is a <em>variant</em> of 1.2.3 (the plain tag wins a tie), {@code 1.2.3-rc1}, {@code 2.0.0-beta.2} or
 * {@code 3.12.0a4} a <em>pre-release</em> (older than the release it leads to). Tags that are no version
 * ({@code latest}, {@code edge}, {@code sha-3f2a1b}) have none.
 *
 * @param numbers the numeric components, at least one
 * @param preRelease the pre-release label ({@code rc1}, {@code beta.2}), or null
 * @param variant the variant ({@code alpine}, {@code slim-bookworm}), or null
 */
public record TagVersion(List<Long> numbers, String preRelease, String variant) implements Comparable<TagVersion> {
    private static final Pattern FORM = Pattern.compile("[vV]?(\\d{1,9}(?:\\.\\d{1,9}){0,3})(?:([-_.+]?)(.+))?");
    private static final Pattern PRE = Pattern.compile(
            "(?:alpha|beta|rc|pre|preview|dev|snapshot|nightly|canary|next|insiders|[abm])(?:[.-]?\\d+)?(?:[.-].*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER_OR_TEXT = Pattern.compile("\\d+|\\D+");

    /** The version a tag names, if it names one. */
    public static Optional<TagVersion> of(String tag) {
        Matcher m = FORM.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<Long> numbers = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            numbers.add(Long.parseLong(part));
        }
        String rest = m.group(3);
        if (rest == null) {
            return Optional.of(new TagVersion(numbers, null, null));
        }
        String separator = m.group(2);
        if (numbers.size() == 1 && separator.isEmpty()) {
            return Optional.empty();   // "7zip", "2fa": a word, not a version
        }
        if (PRE.matcher(rest).matches() && !"+".equals(separator)) {
            return Optional.of(new TagVersion(numbers, rest.toLowerCase(Locale.ROOT), null));
        }
        if (separator.isEmpty() || separator.equals(".")) {
            return Optional.empty();   // "1.2.3abc", "1.2.x"
        }
        return Optional.of(new TagVersion(numbers, null, rest));
    }

    /** Whether this is a pre-release. */
    public boolean isPreRelease() {
        return preRelease != null;
    }

    /**
     * Older first: by the numbers (a missing component counts as 0), then a pre-release before its release (labels
     * compared with their numbers as numbers), then a variant before the plain tag of the same version.
     */
    @Override
    public int compareTo(TagVersion other) {
        for (int i = 0; i < Math.max(numbers.size(), other.numbers.size()); i++) {
            int c = Long.compare(i < numbers.size() ? numbers.get(i) : 0, i < other.numbers.size() ? other.numbers.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        if (isPreRelease() != other.isPreRelease()) {
            return isPreRelease() ? -1 : 1;
        }
        if (isPreRelease()) {
            int c = LABELS.compare(preRelease, other.preRelease);
            if (c != 0) {
                return c;
            }
        }
        if ((variant == null) != (other.variant == null)) {
            return variant == null ? 1 : -1;
        }
        return Integer.compare(numbers.size(), other.numbers.size());
    }

    /** Text with its digits compared as numbers: rc2 before rc10. */
    private static final Comparator<String> LABELS = (a, b) -> {
        Matcher x = NUMBER_OR_TEXT.matcher(a);
        Matcher y = NUMBER_OR_TEXT.matcher(b);
        while (x.find() && y.find()) {
            String p = x.group();
            String q = y.group();
            int c = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))
                    ? Long.compare(Long.parseLong(p.length() > 18 ? p.substring(0, 18) : p), Long.parseLong(q.length() > 18 ? q.substring(0, 18) : q))
                    : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length(), b.length());
    };
}
