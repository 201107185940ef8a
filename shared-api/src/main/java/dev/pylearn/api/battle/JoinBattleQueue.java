package dev.pylearn.api.battle;

import java.time.Instant;

/**
 * A learner joins the matchmaking queue at {@code level}; the matchmaker pairs them at once when a
 * learner of a near level waits, else later, as the band widens with waiting.
 */
public record JoinBattleQueue(String learnerId, int level, Instant at) {
}
