package io.github.dockerhubproxy.badge;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Badge colors: the names people know from shields, or a 3- or 6-digit hex value. */
public final class Colors {
    /** The names and their values (shields' palette). */
    static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("brightgreen", "#4c1"), Map.entry("green", "#97ca00"), Map.entry("yellowgreen", "#a4a61d"),
            Map.entry("yellow", "#dfb317"), Map.entry("orange", "#fe7d37"), Map.entry("red", "#e05d44"),
            Map.entry("blue", "#007ec6"), Map.entry("grey", "#555"), Map.entry("gray", "#555"),
            Map.entry("lightgrey", "#9f9f9f"), Map.entry("lightgray", "#9f9f9f"), Map.entry("blueviolet", "#8a2be2"),
            Map.entry("success", "#4c1"), Map.entry("important", "#fe7d37"), Map.entry("critical", "#e05d44"),
            Map.entry("informational", "#007ec6"), Map.entry("inactive", "#9f9f9f"));
    private static final Pattern HEX = Pattern.compile("#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    private Colors() {
    }

    /** The hex value ({@code #4c1}) of a name or a hex value with or without {@code #}; empty when it is neither. */
    public static Optional<String> of(String color) {
        String named = NAMED.get(color.toLowerCase(Locale.ROOT));
        if (named != null) {
            return Optional.of(named);
        }
        var m = HEX.matcher(color);
        return m.matches() ? Optional.of("#" + m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
