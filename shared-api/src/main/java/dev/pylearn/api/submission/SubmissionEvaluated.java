package dev.pylearn.api.submission;

import java.time.Instant;
import java.util.List;

/**
 * A submission reached its final state: passed, failed or error, with one outcome per test run.
 * {@code battleId}: the battle it was submitted in, or null.
 */
public record SubmissionEvaluated(String submissionId, String learnerId, String challengeId, int attempt,
                                  String status, String message, List<TestOutcome> tests, Instant evaluatedAt,
                                  String battleId) {

    public SubmissionEvaluated(String submissionId, String learnerId, String challengeId, int attempt, String status,
                               String message, List<TestOutcome> tests, Instant evaluatedAt) {
        this(submissionId, learnerId, challengeId, attempt, status, message, tests, evaluatedAt, null);
    }
}
