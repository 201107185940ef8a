package dev.pylearn.api.learner;

import java.time.Instant;

/** A learner's premium subscription began. */
public record PremiumStarted(String learnerId, Instant startedAt) {
}
