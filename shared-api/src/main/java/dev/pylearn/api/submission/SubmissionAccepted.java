package dev.pylearn.api.submission;

/** The answer to {@link SubmitChallenge}: the new submission and the learner's version afterwards. */
public record SubmissionAccepted(String submissionId, long learnerVersion) {
}
