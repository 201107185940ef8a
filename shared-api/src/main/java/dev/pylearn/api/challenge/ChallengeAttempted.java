package dev.pylearn.api.challenge;

import java.time.Instant;

/** A learner submitted code for a challenge (the learner's side of SubmissionRequested). */
public record ChallengeAttempted(String learnerId, String challengeId, String submissionId, Instant attemptedAt) {
}
