package dev.pylearn.api.learner;

import java.time.Instant;

/** A learner's display name changed; {@code displayName} is the checked, normalized name. */
public record DisplayNameChanged(String learnerId, String displayName, Instant changedAt) {
}
