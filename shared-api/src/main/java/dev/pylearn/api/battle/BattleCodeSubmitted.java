package dev.pylearn.api.battle;

import java.time.Instant;

/** A player submitted code; its submission is being judged (the code itself stays on the submission). */
public record BattleCodeSubmitted(String battleId, String learnerId, String submissionId, Instant submittedAt) {
}
