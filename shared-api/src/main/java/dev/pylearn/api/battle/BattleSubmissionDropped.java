package dev.pylearn.api.battle;

/** A submission the Learner refused (a limit); it will never be judged. */
public record BattleSubmissionDropped(String battleId, String learnerId, String submissionId) {
}
