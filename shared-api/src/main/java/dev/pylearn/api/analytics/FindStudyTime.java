package dev.pylearn.api.analytics;

/**
 * A learner's activity over the last {@code days} local days (in the learner's time zone, today
 * included); answered with a {@link StudyTimeView}, or an empty one for an unknown learner.
 */
public record FindStudyTime(String learnerId, int days) {
}
