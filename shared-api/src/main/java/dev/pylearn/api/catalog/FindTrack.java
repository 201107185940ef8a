package dev.pylearn.api.catalog;

/**
 * One track with its modules and lessons; {@code learnerId} may be null (anonymous), otherwise the
 * lesson flags are that learner's.
 */
public record FindTrack(String trackId, String learnerId) {
}
