package io.github.dockerhubproxy.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.dockerhubproxy.upstream.DockerHub;
import io.github.dockerhubproxy.upstream.DockerHubException;
import io.github.dockerhubproxy.upstream.RateLimits;
import io.github.dockerhubproxy.upstream.PullQuota;
import java.time.Duration;

/**
 * {@code /ratelimit}: Docker Hub's rate limit as last seen in its {@code X-RateLimit-*} headers. Until Docker Hub
 * has answered, {@code limit} and {@code remaining} are its documented limit (180 a minute anonymous, 600
 * authenticated), {@code reset} is 0 and {@code observed} is false.
 */
final class RateLimitReport {
    /** Docker Hub's documented per-minute limits. */
    static final int ANONYMOUS_LIMIT = 180;
    static final int AUTHENTICATED_LIMIT = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RateLimitReport() {
    }

    /**
     * The registry's pull quota ({@code ratelimit-*} of a {@code HEAD}, which spends none), read at most once a
     * minute: {@code {"limit", "remaining", "window_seconds", "source"}}, {@code {"unlimited": true}} when the registry
     * sends no quota, {@code {"error": "..."}} when it cannot be read.
     */
    private static ObjectNode pulls(DockerHub hub) {
        ObjectNode pulls = JSON.createObjectNode();
        try {
            PullQuota quota = hub.registry().quota();
            if (quota.unlimited()) {
                return pulls.put("unlimited", true);
            }
            return pulls.put("limit", quota.limit()).put("remaining", quota.remaining())
                    .put("window_seconds", quota.windowSeconds()).put("source", quota.source());
        } catch (DockerHubException e) {
            return pulls.put("error", e.getMessage());
        }
    }

    static ObjectNode json(DockerHub hub) {
        RateLimits limits = hub.rateLimits();
        RateLimits.Snapshot last = limits.last();
        int documented = hub.authenticated() ? AUTHENTICATED_LIMIT : ANONYMOUS_LIMIT;
        ObjectNode body = JSON.createObjectNode();
        body.put("limit", last.limit() >= 0 ? last.limit() : documented);
        body.put("remaining", last.remaining() >= 0 ? last.remaining() : last.limit() >= 0 ? last.limit() : documented);
        body.put("reset", Math.max(0, last.reset()));
        body.put("authenticated", hub.authenticated());
        body.put("observed", last.seenAt() != null);
        body.put("observed_at", last.seenAt() == null ? null : last.seenAt().toString());
        body.put("blocked_for_seconds", limits.blockedFor().map(Duration::toSeconds).orElse(0L));
        body.put("proxy_limit_per_minute", limits.perMinute());
        body.set("pulls", pulls(hub));
        return body;
    }
}
