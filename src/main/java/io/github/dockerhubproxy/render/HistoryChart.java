package io.github.dockerhubproxy.render;

import io.github.dockerhubproxy.store.Sample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A repository's pulls over time as an SVG line chart: a value axis in metric form ({@code 152k}, {@code 1.5M}), a
 * time axis with readable dates, an accessible title. Pure: samples in, bytes out.
 */
public final class HistoryChart {
    private static final int LEFT = 60;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 28;
    private static final String[] UNITS = {"", "k", "M", "B", "T"};

    private HistoryChart() {}

    /** The chart of {@code samples} (oldest first), {@code width} × {@code height} pixels. */
    public static byte[] render(String repository, List<Sample> samples, int width, int height) {
        String title = title(repository, samples);
        StringBuilder svg = new StringBuilder(2048 + 24 * samples.size());
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"title\" font-family=\"DejaVu Sans,Verdana,Geneva,sans-serif\" font-size=\"11\">")
                .append("<title id=\"title\">").append(Xml.escape(title)).append("</title>")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>")
                .append("<text x=\"").append(LEFT).append("\" y=\"17\" font-size=\"13\" fill=\"#333\">")
                .append(Xml.escape(repository + ": docker pulls")).append("</text>");
        int plotWidth = width - LEFT - RIGHT;
        int plotHeight = height - TOP - BOTTOM;
        if (samples.isEmpty()) {
            svg.append("<text x=\"").append(LEFT + plotWidth / 2).append("\" y=\"").append(TOP + plotHeight / 2)
                    .append("\" text-anchor=\"middle\" fill=\"#777\">no samples yet</text>");
            return svg.append("</svg>\n").toString().getBytes(StandardCharsets.UTF_8);
        }
        long min = samples.stream().mapToLong(Sample::pullCount).min().orElse(0);
        long max = samples.stream().mapToLong(Sample::pullCount).max().orElse(0);
        long step = niceStep(Math.max(1, max - min) / 4.0);
        long low = Math.floorDiv(min, step) * step;
        long high = Math.max(low + step, -Math.floorDiv(-max, step) * step);
        Instant first = samples.get(0).at();
        Instant last = samples.get(samples.size() - 1).at();
        long span = Math.max(1, Duration.between(first, last).toMillis());
        svg.append("<g stroke=\"#ddd\" fill=\"#555\">");
        for (long value = low; value <= high; value += step) {
            double y = TOP + plotHeight - (double) (value - low) / (high - low) * plotHeight;
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotWidth).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\"/><text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" text-anchor=\"end\" stroke=\"none\">").append(tick(value, step, high)).append("</text>");
        }
        DateTimeFormatter dates = dateFormat(Duration.ofMillis(span));
        int ticks = first.equals(last) ? 1 : Math.max(2, Math.min(6, plotWidth / 110));
        for (int i = 0; i < ticks; i++) {
            double x = ticks == 1 ? LEFT + plotWidth / 2.0 : LEFT + (double) plotWidth * i / (ticks - 1);
            Instant at = ticks == 1 ? first : first.plusMillis(span * i / (ticks - 1));
            svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(height - 9).append("\" text-anchor=\"")
                    .append(ticks == 1 ? "middle" : i == 0 ? "start" : i == ticks - 1 ? "end" : "middle").append("\" stroke=\"none\">")
                    .append(Xml.escape(dates.format(at.atOffset(ZoneOffset.UTC)))).append("</text>");
        }
        svg.append("</g><polyline fill=\"none\" stroke=\"#007ec6\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
        for (Sample sample : samples) {
            double x = LEFT + (samples.size() == 1 ? plotWidth / 2.0 : (double) Duration.between(first, sample.at()).toMillis() / span * plotWidth);
            double y = TOP + plotHeight - (double) (sample.pullCount() - low) / (high - low) * plotHeight;
            svg.append(fmt(x)).append(',').append(fmt(y)).append(' ');
        }
        return svg.append("\"/></svg>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code alice/webapp: docker pulls from 152.3k to 160k, 1 Nov 2026 to 2 Dec 2026}. */
    static String title(String repository, List<Sample> samples) {
        if (samples.isEmpty()) {
            return repository + ": docker pulls, no samples yet";
        }
        DateTimeFormatter day = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ROOT);
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        return repository + ": docker pulls from " + io.github.dockerhubproxy.badge.Values.metric(first.pullCount()) + " to "
                + io.github.dockerhubproxy.badge.Values.metric(last.pullCount()) + ", " + day.format(first.at().atOffset(ZoneOffset.UTC))
                + " to " + day.format(last.at().atOffset(ZoneOffset.UTC));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static long niceStep(double rough) {
        long power = 1;
        while (power * 10 <= rough) {
            power *= 10;
        }
        for (long factor : new long[] {1, 2, 5, 10}) {
            if (factor * power >= rough) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /**
     * A tick's label: in the unit of the axis' top ({@code 152.5k}, {@code 2M}), unless the steps are so fine that it
     * would take more than two decimals — then in a smaller unit ({@code 11099337}).
     */
    static String tick(long value, long step, long top) {
        int unit = 0;
        double scale = 1;
        while (unit < UNITS.length - 1 && Math.min(Math.abs(top), step * 100.0) >= scale * 1000) {
            scale *= 1000;
            unit++;
        }
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step / scale) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", value / scale) + UNITS[unit];
    }

    private static DateTimeFormatter dateFormat(Duration span) {
        String pattern = span.compareTo(Duration.ofDays(2)) < 0 ? "d MMM HH:mm" : span.compareTo(Duration.ofDays(300)) < 0 ? "d MMM" : "MMM yyyy";
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
