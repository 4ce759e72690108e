package io.github.dockerhubproxy.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/** One HTTP answer from Docker Hub, and what it means; upstream text is quoted only once redacted. */
record Answer(String what, int status, HttpHeaders headers, byte[] body, Redactor redactor) {

    Answer(String what, int status, HttpHeaders headers, byte[] body) {
        this(what, status, headers, body, new Redactor());
    }

    /** Longest upstream message quoted in an error. */
    private static final int MAX_MESSAGE = 200;
    /** Wait assumed when a 429 does not say how long. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    /** Longest wait Docker Hub can impose: a larger value is taken as this (a year-long block would disable the proxy). */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON, decoded as UTF-8 whatever the Content-Type says (Docker Hub sends no charset). */
    JsonNode json(ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IOException("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, status,
                    what + ": Docker Hub answered " + status + " with a body that is not JSON");
        }
    }

    /** The failure this non-2xx answer stands for. */
    DockerHubException failure(ObjectMapper mapper, Instant now) {
        String detail = describe(mapper);
        return switch (status) {
            case 404 -> new DockerHubException(DockerHubException.Kind.NOT_FOUND, status, what + ": not found (" + detail + ")");
            case 410 -> new DockerHubException(DockerHubException.Kind.RETIRED, status, what + ": gone (" + detail + ")");
            case 429 -> new DockerHubException(DockerHubException.Kind.RATE_LIMITED, status,
                    what + ": rate limited by Docker Hub (" + detail + ")", retryAfter(now), null);
            case 401, 403 -> new DockerHubException(DockerHubException.Kind.AUTH_FAILED, status,
                    what + ": " + detail + "; check DOCKERHUB_TOKEN or DOCKERHUB_USERNAME/DOCKERHUB_PASSWORD");
            default -> new DockerHubException(DockerHubException.Kind.BAD_RESPONSE, status, what + ": " + detail);
        };
    }

    /**
     * {@code Retry-After} (seconds or an HTTP date), else {@code X-Retry-After} or {@code X-RateLimit-Reset} (epoch
     * seconds); at least a second, at most {@link #MAX_RETRY_AFTER}, whatever the values say.
     */
    Duration retryAfter(Instant now) {
        OptionalLong seconds = number("Retry-After");
        if (seconds.isPresent()) {
            return clamp(seconds.getAsLong());
        }
        Optional<Instant> date = headers.firstValue("Retry-After").flatMap(Answer::httpDate);
        if (date.isPresent()) {
            return clamp(Duration.between(now, date.get()).toSeconds());
        }
        for (String epochHeader : new String[] {"X-Retry-After", "X-RateLimit-Reset"}) {
            OptionalLong epoch = number(epochHeader);
            if (epoch.isPresent()) {
                long at = epoch.getAsLong();
                // clamp before subtracting: an absurd epoch must not wrap around
                long bounded = Math.max(now.getEpochSecond(), Math.min(at, now.getEpochSecond() + MAX_RETRY_AFTER.toSeconds()));
                return clamp(bounded - now.getEpochSecond());
            }
        }
        return DEFAULT_RETRY_AFTER;
    }

    static Duration clamp(long seconds) {
        return Duration.ofSeconds(Math.max(1, Math.min(seconds, MAX_RETRY_AFTER.toSeconds())));
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A whole-number header; empty when absent, not a number, or beyond a long. */
    OptionalLong number(String header) {
        try {
            return headers.firstValue(header).map(v -> OptionalLong.of(Long.parseLong(v.strip())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** "Docker Hub answered 404: Object not found". */
    String describe(ObjectMapper mapper) {
        return "Docker Hub answered " + status + upstreamMessage(mapper);
    }

    /** Docker Hub's own words: {@code message}, {@code detail} or {@code text} of a JSON body, else its text. */
    private String upstreamMessage(ObjectMapper mapper) {
        String text;
        try {
            JsonNode node = mapper.readTree(body);
            text = node == null ? "" : firstText(node);
        } catch (IOException e) {
            String raw = new String(body, StandardCharsets.UTF_8);
            text = raw.startsWith("<") ? "" : raw;
        }
        text = redactor.clean(text.replaceAll("\\s+", " ").strip());
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE) + "...";
        }
        return text.isEmpty() ? "" : ": " + text;
    }

    private static String firstText(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        for (String field : new String[] {"message", "detail", "text", "error"}) {
            JsonNode value = node.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return "";
    }
}
