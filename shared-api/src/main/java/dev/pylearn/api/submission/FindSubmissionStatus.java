package dev.pylearn.api.submission;

/**
 * A submission's status, or null while it is unknown. Its subscription updates (the new status)
 * are how waiting callers and event streams learn that a submission changed.
 */
public record FindSubmissionStatus(String submissionId) {
}
