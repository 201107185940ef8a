package dev.pylearn.api.battle;

import java.time.Instant;

/** The matchmaker paired two learners from its queue. */
public record BattleMatched(String battleId, String learnerA, String learnerB, String challengeId, int totalTests,
                            Instant matchedAt) {
}
