package dev.pylearn.api.challenge;

import java.time.Instant;

/** A learner passed a challenge for the first time, with {@code submissionId}; its XP follows as XpAwarded. */
public record ChallengeSolved(String learnerId, String challengeId, String submissionId, int xp, boolean firstTry,
                              Instant solvedAt) {
}
