package io.github.dockerhubproxy.badge;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** How badges write numbers and ages: {@code 1.2k}, {@code 45k}, {@code 3.4B}; {@code today}, {@code 3 days ago}. */
public final class Values {
    private static final String[] PREFIXES = {"k", "M", "B", "T"};

    private Values() {
    }

    /** A count in metric form: 999, 1k, 1.2k, 45k, 999k, 1M, 1.2M, 3.4B. */
    public static String metric(long n) {
        String sign = n < 0 ? "-" : "";
        long abs = Math.abs(n);
        for (int i = PREFIXES.length - 1; i >= 0; i--) {
            double limit = Math.pow(1000, i + 1);
            if (abs >= limit) {
                double scaled = abs / limit;
                if (scaled < 10) {
                    String oneDecimal = String.format(Locale.ROOT, "%.1f", scaled);
                    if (!oneDecimal.endsWith("0")) {
                        return sign + oneDecimal + PREFIXES[i];
                    }
                }
                long rounded = Math.round(scaled);
                return rounded < 1000 || i == PREFIXES.length - 1 ? sign + rounded + PREFIXES[i] : sign + "1" + PREFIXES[i + 1];
            }
        }
        return Long.toString(n);
    }

    /** How long ago: {@code today}, {@code 1 day ago}, {@code 3 days ago}, {@code 2 months ago}, {@code over a year ago}. */
    public static String age(Instant then, Instant now) {
        long days = Math.max(0, Duration.between(then, now).toDays());
        if (days < 1) {
            return "today";
        }
        if (days < 30) {
            return days == 1 ? "1 day ago" : days + " days ago";
        }
        if (days < 365) {
            long months = days / 30;
            return months == 1 ? "1 month ago" : months + " months ago";
        }
        return "over a year ago";
    }
}
