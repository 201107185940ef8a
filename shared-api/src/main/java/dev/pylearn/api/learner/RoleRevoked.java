package dev.pylearn.api.learner;

import java.time.Instant;

/** A role was taken from an account, by the admin {@code revokedBy} (a learner id). */
public record RoleRevoked(String learnerId, String role, String revokedBy, Instant revokedAt) {
}
