package dev.pylearn.api.battle;

import java.time.Instant;

/** A learner left the matchmaking queue of their own accord (a match or a challenge also ends their wait). */
public record BattleQueueLeft(String learnerId, Instant leftAt) {
}
