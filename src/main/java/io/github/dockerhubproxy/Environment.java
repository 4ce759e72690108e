package io.github.dockerhubproxy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The raw settings: environment variables, {@code NAME_FILE} files (the Docker secrets convention) and
 * {@code NAME=value} lines of {@code SECRETS_FILE}, in that order of precedence — read as text or as the typed
 * values settings are made of, each refused with one line naming the variable.
 */
final class Environment {
    static final String DEFAULT_SECRETS_FILE = "/var/secrets/secrets.env";

    private final Map<String, String> env;
    private final Map<String, String> secretsFile;

    private Environment(Map<String, String> env, Map<String, String> secretsFile) {
        this.env = env;
        this.secretsFile = secretsFile;
    }

    static Environment of(Map<String, String> env) {
        String explicit = env.get("SECRETS_FILE");
        Path path = Path.of(explicit == null || explicit.isEmpty() ? DEFAULT_SECRETS_FILE : explicit);
        boolean required = explicit != null && !explicit.isEmpty();
        return new Environment(Map.copyOf(env), readSecretsFile(path, required));
    }

    /**
     * The value of {@code name}, or empty when it is not set anywhere. An empty environment value counts as
     * set only where {@code emptyMeansSet} (CORS_ORIGINS='' allows no origin, as in the original).
     */
    Optional<String> get(String name, boolean emptyMeansSet) {
        String direct = env.get(name);
        String file = env.get(name + "_FILE");
        boolean hasDirect = direct != null && (emptyMeansSet || !direct.isEmpty());
        boolean hasFile = file != null && !file.isEmpty();
        if (hasDirect && hasFile) {
            throw new ConfigException(name, "set both " + name + " and " + name + "_FILE; use one of them");
        }
        if (hasDirect) {
            return Optional.of(direct);
        }
        if (hasFile) {
            return Optional.of(readValueFile(name + "_FILE", Path.of(file)));
        }
        String fromSecrets = secretsFile.get(name);
        if (fromSecrets != null && (emptyMeansSet || !fromSecrets.isEmpty())) {
            return Optional.of(fromSecrets);
        }
        return Optional.empty();
    }

    Optional<String> get(String name) {
        return get(name, false);
    }

    /** Megabytes, fractions allowed (0.5 = 512 KB), from a kilobyte to a gigabyte. */
    long megabytes(String name, String fallback) {
        String raw = get(name).orElse(fallback).strip();
        try {
            BigDecimal value = new BigDecimal(raw);
            if (value.compareTo(BigDecimal.valueOf(1, 3)) >= 0 && value.compareTo(BigDecimal.valueOf(1024)) <= 0) {
                return value.multiply(BigDecimal.valueOf(1 << 20)).longValue();
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name, "'" + raw + "' is not a number of megabytes from 0.001 to 1024");
    }

    /** true/1/yes/on or false/0/no/off. */
    boolean bool(String name, String fallback) {
        String raw = get(name).orElse(fallback).strip().toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name, "'" + raw + "' is not true or false");
        };
    }

    /** A whole number from {@code min} to {@code max}. */
    int integer(String name, String fallback, int min, int max) {
        String raw = get(name).orElse(fallback).strip();
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name, "'" + raw + "' is not a whole number from " + min + " to " + max);
    }

    /** Seconds, fractions allowed, 0 to ten years. */
    Duration seconds(String name, String fallback) {
        String raw = get(name).orElse(fallback).strip();
        try {
            BigDecimal value = new BigDecimal(raw);
            if (value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(10L * 365 * 24 * 3600)) <= 0) {
                return Duration.ofMillis(value.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(name, "'" + raw + "' is not a number of seconds (0 or more)");
    }

    /** Seconds, more than 0. */
    Duration positiveSeconds(String name, String fallback) {
        Duration value = seconds(name, fallback);
        if (value.toMillis() < 1) {
            throw new ConfigException(name, "must be more than 0 seconds");
        }
        return value;
    }

    private static String readValueFile(String variable, Path path) {
        try {
            return stripLineEnd(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(variable, "cannot read file " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Map<String, String> readSecretsFile(Path path, boolean required) {
        if (!required && !Files.exists(path)) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                String trimmed = line.strip();
                if (eq <= 0 || trimmed.startsWith("#")) {
                    continue;
                }
                values.putIfAbsent(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("SECRETS_FILE", "cannot read file " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        return values;
    }

    private static String stripLineEnd(String value) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\n' || value.charAt(end - 1) == '\r')) {
            end--;
        }
        return value.substring(0, end);
    }
}
