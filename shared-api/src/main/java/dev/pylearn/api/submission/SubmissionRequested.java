package dev.pylearn.api.submission;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import java.time.Instant;
import java.util.List;

/**
 * A submission waits to be run. Carries the tests as they were when it was submitted, so the worker
 * needs no catalog. {@code attempt} grows when a run is abandoned and the submission is queued again.
 * {@code battleId}: the battle the code was submitted in, or null (events stored before battles have none).
 */
public record SubmissionRequested(String submissionId, String learnerId, String challengeId, String trackId,
                                  String code, ChallengeStyle style, int timeLimitMs, List<ChallengeTest> tests,
                                  int attempt, Instant requestedAt, String battleId) {

    public SubmissionRequested(String submissionId, String learnerId, String challengeId, String trackId, String code,
                               ChallengeStyle style, int timeLimitMs, List<ChallengeTest> tests, int attempt,
                               Instant requestedAt) {
        this(submissionId, learnerId, challengeId, trackId, code, style, timeLimitMs, tests, attempt, requestedAt, null);
    }
}
