package io.github.dockerhubproxy.cache;

import java.time.Instant;

/**
 * How the answers the cache keeps for something that is not there are written. The cache decides what is kept —
 * a resource Docker Hub does not have (or that is private), a feature Docker Hub retired — and the server, which
 * alone knows HTTP statuses, writes them.
 */
public interface Absence {
    /** The answer kept for a resource that does not exist, or may not be shown. */
    CachedResponse notFound(String message, Instant at);

    /** The answer kept for a feature Docker Hub retired. */
    CachedResponse retired(String message, Instant at);
}
