package dev.pylearn.api.leaderboard;

/** Where a learner stands; a rank is null while the learner has no XP on that board. */
public record RankView(Standing global, WeeklyStanding weekly) {

    /** Rank and XP on the all-time board. */
    public record Standing(Long rank, long xp) {
    }

    /** Rank and XP in one ISO week. */
    public record WeeklyStanding(String week, Long rank, long xp) {
    }
}
