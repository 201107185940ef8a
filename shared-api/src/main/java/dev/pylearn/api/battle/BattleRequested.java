package dev.pylearn.api.battle;

import java.time.Instant;

/** A learner challenged another; the challenge stands until {@code acceptBy}. */
public record BattleRequested(String battleId, String challengerId, String opponentId, String challengeId,
                              int totalTests, Instant acceptBy, Instant requestedAt) {
}
