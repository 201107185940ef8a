package dev.pylearn.api.submission;

/** One submission; answered with a {@link SubmissionView}. */
public record FindSubmission(String submissionId) {
}
