package dev.pylearn.api.battle;

/** The learner's battle that is pending or running, and whether they wait in the matchmaking queue. */
public record FindCurrentBattle(String learnerId) {
}
