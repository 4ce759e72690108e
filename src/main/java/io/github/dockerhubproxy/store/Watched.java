package io.github.dockerhubproxy.store;

import java.time.Instant;

/**
 * A watched repository and how its cycles went.
 *
 * @param repository {@code namespace/name}
 * @param addedAt when it was first watched
 * @param lastCycleAt when its last cycle succeeded, or null
 * @param lastFullWalkAt when all its tags were last read, or null
 * @param tags how many tags are known
 * @param lastError the last cycle's error (null when that cycle succeeded)
 * @param lastErrorAt when it failed, or null
 */
public record Watched(String repository, Instant addedAt, Instant lastCycleAt, Instant lastFullWalkAt, int tags,
        String lastError, Instant lastErrorAt) {}
