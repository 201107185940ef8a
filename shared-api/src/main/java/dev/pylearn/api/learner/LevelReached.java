package dev.pylearn.api.learner;

import java.time.Instant;

/** A learner's XP crossed the threshold of {@code level} (see {@link Level}); one event per level crossed. */
public record LevelReached(String learnerId, int level, Instant reachedAt) {
}
