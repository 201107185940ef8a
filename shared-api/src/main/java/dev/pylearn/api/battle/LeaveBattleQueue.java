package dev.pylearn.api.battle;

/** A learner leaves the matchmaking queue. */
public record LeaveBattleQueue(String learnerId) {
}
