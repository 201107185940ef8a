package dev.pylearn.api.learner;

import java.time.Instant;

/** A learner's password was replaced (the audit trail; the hash itself is never in an event). */
public record PasswordChanged(String learnerId, Instant changedAt) {
}
