package dev.pylearn.api.leaderboard;

/** The top {@code limit} learners of the global board ({@code week} null) or of an ISO week. */
public record FindLeaderboard(IsoWeek week, int limit) {
}
