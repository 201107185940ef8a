package dev.pylearn.api.learner;

/**
 * After a change to a learner's settings: {@code changed} is false when the value was already set
 * (no event); {@code version} is the learner's event sequence number, for read-your-writes.
 */
public record LearnerChangeResult(String learnerId, boolean changed, long version) {
}
