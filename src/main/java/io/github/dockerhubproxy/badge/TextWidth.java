package io.github.dockerhubproxy.badge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * How wide text is in DejaVu Sans at 11 px, from the width table generated once from the font
 * ({@code scripts/badge-widths.sh}); a character the table lacks counts as wide as an {@code m}.
 */
final class TextWidth {
    private static final Map<Integer, Double> WIDTHS = load();
    private static final double FALLBACK = WIDTHS.getOrDefault((int) 'm', 10.7);

    private TextWidth() {
    }

    /** The advance width of {@code text} at 11 px, in px. */
    static double of(String text) {
        double width = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            width += WIDTHS.getOrDefault(c, FALLBACK);
            i += Character.charCount(c);
        }
        return width;
    }

    private static Map<Integer, Double> load() {
        Map<Integer, Double> widths = new HashMap<>();
        try (InputStream in = TextWidth.class.getResourceAsStream("/badges/dejavu-sans-11.widths");
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] parts = line.split(" ");
                    widths.put(Integer.parseInt(parts[0], 16), Double.parseDouble(parts[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return widths;
    }
}
