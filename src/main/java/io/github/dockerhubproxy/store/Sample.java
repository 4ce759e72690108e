package io.github.dockerhubproxy.store;

import java.time.Instant;

/**
 * A repository's numbers at one cycle.
 *
 * @param at when
 * @param pullCount Docker Hub's {@code pull_count}
 * @param starCount Docker Hub's {@code star_count}
 */
public record Sample(Instant at, long pullCount, long starCount) {}
