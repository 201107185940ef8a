package dev.pylearn.api.learner;

/**
 * After a password change: the account's new token generation (tokens of older generations are
 * revoked) and the learner's event sequence number, for read-your-writes.
 */
public record PasswordChangeResult(String learnerId, long tokenGeneration, long version) {
}
