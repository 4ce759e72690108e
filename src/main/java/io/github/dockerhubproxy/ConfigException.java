package io.github.dockerhubproxy;

/** A configuration value that cannot be used; its message names the variable and never holds a secret. */
public final class ConfigException extends RuntimeException {
    private final String variable;

    ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
        this.variable = variable;
    }

    /** The environment variable at fault. */
    public String variable() {
        return variable;
    }
}
