package dev.pylearn.api.battle;

import java.time.Instant;

/** The challenged learner accepted. */
public record BattleAccepted(String battleId, String learnerId, Instant acceptedAt) {
}
