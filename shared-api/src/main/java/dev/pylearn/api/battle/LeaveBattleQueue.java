package dev.pylearn.api.battle;

import java.time.Instant;

/** A learner leaves the matchmaking queue. */
public record LeaveBattleQueue(String learnerId, Instant at) {
}
