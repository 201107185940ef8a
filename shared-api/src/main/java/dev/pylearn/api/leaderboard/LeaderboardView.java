package dev.pylearn.api.leaderboard;

import java.util.List;

/** A leaderboard page; {@code week} is null for the all-time board. */
public record LeaderboardView(String board, String week, List<Entry> entries) {

    /** One line: rank 1 is the most XP; ties are broken by learner id so every rank is stable. */
    public record Entry(int rank, String learnerId, String displayName, int level, long xp) {
    }
}
