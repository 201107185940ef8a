package dev.pylearn.api.submission;

import java.time.Instant;
import java.util.List;

/**
 * A submission as its owner sees it. {@code status}: queued, running, passed, failed or error.
 * {@code code} is what was submitted (null for submissions made before it was kept in the read model
 * and not yet replayed), so a challenge page can give the learner their last code back.
 */
public record SubmissionView(String submissionId, String learnerId, String challengeId, String status,
                             String message, int xpAwarded, int attempt, Instant submittedAt, Instant evaluatedAt,
                             List<TestOutcome> tests, String code) {

    public boolean finished() {
        return SubmissionStatus.finished(status);
    }
}
