package dev.pylearn.api.submission;

import java.time.Instant;

/** One test of a running attempt was judged ({@code index}: its place in the challenge's tests). */
public record SubmissionTestJudged(String submissionId, int attempt, int index, TestOutcome outcome,
                                   Instant judgedAt) {
}
