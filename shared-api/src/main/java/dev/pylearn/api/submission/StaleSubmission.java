package dev.pylearn.api.submission;

/** A submission overdue for a result, and the attempt that is overdue. */
public record StaleSubmission(String submissionId, int attempt) {
}
