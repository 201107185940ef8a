package dev.pylearn.api.learner;

/**
 * The learner's state after a command that changes XP or premium; {@code version} is the learner's
 * event sequence number, for read-your-writes.
 */
public record LearnerStateResult(String learnerId, long totalXp, int level, boolean premium, long version) {
}
