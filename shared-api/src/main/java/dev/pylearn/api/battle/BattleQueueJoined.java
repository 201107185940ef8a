package dev.pylearn.api.battle;

import java.time.Instant;

/** A learner joined the matchmaking queue at {@code level}; they wait until matched, challenged or they leave. */
public record BattleQueueJoined(String learnerId, int level, Instant joinedAt) {
}
