package io.github.dockerhubproxy.store;

/** The database could not be reached, or refused a statement: the watch list's routes answer 503 while it lasts. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
