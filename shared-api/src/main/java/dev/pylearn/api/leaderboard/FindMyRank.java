package dev.pylearn.api.leaderboard;

/** A learner's global rank and rank in {@code week}. */
public record FindMyRank(String learnerId, IsoWeek week) {
}
