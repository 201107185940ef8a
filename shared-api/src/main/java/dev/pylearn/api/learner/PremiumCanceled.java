package dev.pylearn.api.learner;

import java.time.Instant;

/** A learner's premium subscription ended. */
public record PremiumCanceled(String learnerId, Instant canceledAt) {
}
