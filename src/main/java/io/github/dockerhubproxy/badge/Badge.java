package io.github.dockerhubproxy.badge;

import io.github.dockerhubproxy.render.Xml;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One badge: a label, a message and the message's color (hex), and whether it reports an error (the repository or
 * tag is missing, or Docker Hub failed) rather than a value. Rendering is pure: values in, bytes out.
 *
 * @param label the left text, e.g. {@code docker pulls}
 * @param message the right text, e.g. {@code 1.2M}
 * @param color the message's background, a hex value such as {@code #007ec6}
 * @param error whether this badge says something went wrong
 */
public record Badge(String label, String message, String color, boolean error) {
    /** The label's background. */
    static final String LABEL_COLOR = "#555";

    /** The badge's looks. */
    public enum Style {
        /** Rounded, with a light gradient: shields' default. */
        FLAT,
        /** Square corners, no gradient. */
        FLAT_SQUARE,
        /** Taller, capitals, spaced letters. */
        FOR_THE_BADGE;

        /** The style named {@code flat}, {@code flat-square} or {@code for-the-badge}, or null. */
        public static Style named(String name) {
            return switch (name) {
                case "flat" -> FLAT;
                case "flat-square" -> FLAT_SQUARE;
                case "for-the-badge" -> FOR_THE_BADGE;
                default -> null;
            };
        }
    }

    /** The text read out by screen readers and shown as the tooltip: {@code docker pulls: 1.2M}. */
    public String title() {
        return label + ": " + message;
    }

    /** The badge as an SVG image. */
    public byte[] svg(Style style) {
        return (style == Style.FOR_THE_BADGE ? tall() : flat(style == Style.FLAT)).getBytes(StandardCharsets.UTF_8);
    }

    /** The values in shields' endpoint schema, so that {@code img.shields.io/endpoint?url=...} can render them. */
    public Map<String, Object> endpoint(long cacheSeconds) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schemaVersion", 1);
        json.put("label", label);
        json.put("message", message);
        json.put("color", color);
        json.put("cacheSeconds", cacheSeconds);
        if (error) {
            json.put("isError", true);
        }
        return json;
    }

    private String flat(boolean rounded) {
        int labelWidth = (int) Math.round(TextWidth.of(label) + 10);
        int messageWidth = (int) Math.round(TextWidth.of(message) + 10);
        int width = labelWidth + messageWidth;
        StringBuilder svg = open(width, 20);
        if (rounded) {
            svg.append("<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/>")
                    .append("<stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>")
                    .append("<clipPath id=\"r\"><rect width=\"").append(width).append("\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>")
                    .append("<g clip-path=\"url(#r)\">");
        } else {
            svg.append("<g shape-rendering=\"crispEdges\">");
        }
        svg.append("<rect width=\"").append(labelWidth).append("\" height=\"20\" fill=\"").append(LABEL_COLOR).append("\"/>")
                .append("<rect x=\"").append(labelWidth).append("\" width=\"").append(messageWidth).append("\" height=\"20\" fill=\"")
                .append(Xml.escape(color)).append("\"/>");
        if (rounded) {
            svg.append("<rect width=\"").append(width).append("\" height=\"20\" fill=\"url(#s)\"/>");
        }
        svg.append("</g><g fill=\"#fff\" text-anchor=\"middle\" font-family=\"DejaVu Sans,Verdana,Geneva,sans-serif\" font-size=\"11\">");
        text(svg, label, labelWidth / 2.0, 15, 14);
        text(svg, message, labelWidth + messageWidth / 2.0, 15, 14);
        return svg.append("</g></svg>").toString();
    }

    private String tall() {
        String upperLabel = label.toUpperCase(Locale.ROOT);
        String upperMessage = message.toUpperCase(Locale.ROOT);
        int labelWidth = (int) Math.round(spaced(upperLabel) + 18);
        int messageWidth = (int) Math.round(spaced(upperMessage) + 18);
        StringBuilder svg = open(labelWidth + messageWidth, 28);
        svg.append("<g shape-rendering=\"crispEdges\"><rect width=\"").append(labelWidth).append("\" height=\"28\" fill=\"")
                .append(LABEL_COLOR).append("\"/><rect x=\"").append(labelWidth).append("\" width=\"").append(messageWidth)
                .append("\" height=\"28\" fill=\"").append(Xml.escape(color)).append("\"/></g>")
                .append("<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"DejaVu Sans,Verdana,Geneva,sans-serif\" font-size=\"10\" letter-spacing=\"1\">");
        svg.append("<text x=\"").append(fmt(labelWidth / 2.0)).append("\" y=\"18\">").append(Xml.escape(upperLabel)).append("</text>");
        svg.append("<text x=\"").append(fmt(labelWidth + messageWidth / 2.0)).append("\" y=\"18\" font-weight=\"bold\">")
                .append(Xml.escape(upperMessage)).append("</text>");
        return svg.append("</g></svg>").toString();
    }

    /** Width at 10 px with a 1 px letter spacing. */
    private static double spaced(String text) {
        return TextWidth.of(text) * 10 / 11 + text.codePointCount(0, text.length());
    }

    private StringBuilder open(int width, int height) {
        String title = Xml.escape(title());
        return new StringBuilder(1024).append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"").append(title).append("\">")
                .append("<title>").append(title).append("</title>");
    }

    /** Text with its 1 px shadow. */
    private static void text(StringBuilder svg, String text, double x, int y, int shadowY) {
        String escaped = Xml.escape(text);
        svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(y).append("\" fill=\"#010101\" fill-opacity=\".3\">")
                .append(escaped).append("</text>");
        svg.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(shadowY).append("\">").append(escaped).append("</text>");
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
