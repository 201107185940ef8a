package dev.pylearn.api.battle;

/** The learners with the highest battle rating, best first. */
public record FindBattleLeaderboard(int limit) {
}
