package dev.pylearn.api.learner;

/**
 * Learners whose username starts with {@code usernamePrefix} (ignoring case), in username order, at
 * most {@code limit}; answered with {@link LearnerSummaryView}s. For admins looking someone up.
 */
public record FindLearners(String usernamePrefix, int limit) {
}
