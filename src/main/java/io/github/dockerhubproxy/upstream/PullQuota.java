package io.github.dockerhubproxy.upstream;

import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pull quota the registry announces ({@code ratelimit-limit: 100;w=21600}), or unlimited when it sends none.
 *
 * @param limit pulls per window, or -1 when unlimited
 * @param remaining pulls left, or -1 when unlimited
 * @param windowSeconds the window, or -1
 * @param source who the quota is counted for ({@code docker-ratelimit-source}), or null
 */
public record PullQuota(long limit, long remaining, long windowSeconds, String source) {
    private static final Pattern VALUE = Pattern.compile("\\s*(\\d+)\\s*(?:;\\s*w=(\\d+))?.*");
    private static final PullQuota UNLIMITED = new PullQuota(-1, -1, -1, null);

    /** Whether the registry announced no quota. */
    public boolean unlimited() {
        return limit < 0;
    }

    /** The quota a registry answer's {@code ratelimit-*} headers announce. */
    static PullQuota of(HttpHeaders headers) {
        Optional<String> limit = headers.firstValue("ratelimit-limit");
        Optional<String> remaining = headers.firstValue("ratelimit-remaining");
        if (limit.isEmpty() || remaining.isEmpty()) {
            return UNLIMITED;
        }
        Matcher l = VALUE.matcher(limit.get());
        Matcher r = VALUE.matcher(remaining.get());
        if (!l.matches() || !r.matches()) {
            return UNLIMITED;
        }
        long window = l.group(2) != null ? Long.parseLong(l.group(2)) : r.group(2) != null ? Long.parseLong(r.group(2)) : -1;
        return new PullQuota(Long.parseLong(l.group(1)), Long.parseLong(r.group(1)), window,
                headers.firstValue("docker-ratelimit-source").orElse(null));
    }
}
