package dev.pylearn.api.battle;

import java.time.Instant;

/** The challenged learner declined; the battle is over before it began. */
public record BattleDeclined(String battleId, String learnerId, Instant declinedAt) implements BattleEnded {
}
