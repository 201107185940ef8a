package dev.pylearn.api.learner;

import java.util.Set;

/** The roles an account holds after a grant or revocation, and the learner's event sequence number. */
public record RolesResult(String learnerId, Set<String> roles, long version) {
}
