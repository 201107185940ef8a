package dev.pylearn.api.submission;

import java.time.Instant;

/** A worker started running a submission's tests. */
public record SubmissionRunStarted(String submissionId, int attempt, String worker, Instant startedAt) {
}
