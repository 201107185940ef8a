package dev.pylearn.api.battle;

import java.time.Instant;

/** A player's submission was judged: {@code passed} of the challenge's tests. */
public record BattleSubmissionJudged(String battleId, String learnerId, String submissionId, int passed,
                                     boolean allPassed, Instant judgedAt) {
}
