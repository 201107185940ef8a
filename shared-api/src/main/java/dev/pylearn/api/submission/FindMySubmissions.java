package dev.pylearn.api.submission;

/** A learner's submissions, newest first, optionally of one challenge (null for all). */
public record FindMySubmissions(String learnerId, String challengeId, int limit) {
}
