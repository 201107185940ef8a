package dev.pylearn.api.submission;

import java.time.Instant;
import java.util.List;

/** A submission reached its final state: passed, failed or error, with one outcome per test run. */
public record SubmissionEvaluated(String submissionId, String learnerId, String challengeId, int attempt,
                                  String status, String message, List<TestOutcome> tests, Instant evaluatedAt) {
}
