package dev.pylearn.api.battle;

/** A learner's place on the battle leaderboard: Elo rating, battles finished and won. */
public record BattleRatingView(int rank, String learnerId, String displayName, int rating, int battles, int wins) {
}
