package dev.pylearn.api.battle;

/** The learner's level as matchmaking bands it (1 while the learner's read model is not there yet). */
public record FindBattleLevel(String learnerId) {
}
