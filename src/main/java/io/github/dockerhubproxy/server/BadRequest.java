package io.github.dockerhubproxy.server;

/**
 * A request the proxy refuses as it is: a path value that breaks Docker Hub's naming rules, or an invalid query. Its
 * message is fit for the client; it becomes a 400 where a request is matched to its route, and nothing else does —
 * an {@code IllegalArgumentException} from a bug is an internal error, not the client's fault.
 */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message, null, false, false);
    }
}
