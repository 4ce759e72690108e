package io.github.dockerhubproxy.upstream;

/** Hears what the client does upstream, for metrics; every method is called on the requesting thread. */
public interface UpstreamObserver {
    /** Observes nothing. */
    UpstreamObserver NONE = new UpstreamObserver() { };

    /**
     * One HTTP exchange with Docker Hub ended.
     *
     * @param route Docker Hub's route template, e.g. {@code /v2/namespaces/{ns}/repositories/{repo}/tags}
     * @param status the answer's status, 0 when there was none (timeout, refused or dropped connection)
     * @param nanos how long it took
     */
    default void exchanged(String route, int status, long nanos) {
    }

    /** A request is about to be retried. */
    default void retried(String route) {
    }

    /** A login (credential exchange) ended. */
    default void loggedIn(boolean succeeded) {
    }
}
