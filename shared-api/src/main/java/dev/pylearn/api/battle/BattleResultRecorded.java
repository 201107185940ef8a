package dev.pylearn.api.battle;

import java.time.Instant;

/**
 * On the Learner: how a battle ended for them and the XP it brought; {@code battlesWon} is their
 * count after it, so the achievements of kind battles_won read it from any single event.
 */
public record BattleResultRecorded(String learnerId, String battleId, String outcome, int xp, int battlesWon,
                                   Instant recordedAt) {
}
