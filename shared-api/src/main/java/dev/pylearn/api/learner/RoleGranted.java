package dev.pylearn.api.learner;

import java.time.Instant;

/** An account was given a role, by the admin {@code grantedBy} (a learner id): the audit trail of roles. */
public record RoleGranted(String learnerId, String role, String grantedBy, Instant grantedAt) {
}
