package dev.pylearn.api.achievement;

import java.util.Collection;
import java.util.Set;

/**
 * What an achievement counts, and how far a learner is. One definition of progress for the Learner
 * (which unlocks) and the query side (which shows progress), so the two never disagree.
 */
public enum AchievementKind {
    LESSONS_COMPLETED, CHALLENGES_SOLVED, FIRST_TRY_SOLVES, CURRENT_STREAK, LEVEL, TOTAL_XP, TRACK_COMPLETED,
    BATTLES_WON, FORUM_POSTS;

    /** A learner's counters, as the Learner aggregate or the achievement-stats projection holds them. */
    public record Counters(Set<String> completedLessons, int challengesSolved, int firstTrySolves, int currentStreak,
                           int level, long totalXp, int battlesWon, int forumPosts) {
    }

    public static AchievementKind of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }

    /** The lower-case name used in content and JSON. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The learner's current value for this kind, capped at nothing. For track_completed it is 1 when
     * every lesson of the track is completed, else 0.
     */
    public long current(Counters counters, Collection<String> trackLessons) {
        return switch (this) {
            case LESSONS_COMPLETED -> counters.completedLessons().size();
            case CHALLENGES_SOLVED -> counters.challengesSolved();
            case FIRST_TRY_SOLVES -> counters.firstTrySolves();
            case CURRENT_STREAK -> counters.currentStreak();
            case LEVEL -> counters.level();
            case TOTAL_XP -> counters.totalXp();
            case TRACK_COMPLETED -> !trackLessons.isEmpty() && counters.completedLessons().containsAll(trackLessons)
                    ? 1 : 0;
            case BATTLES_WON -> counters.battlesWon();
            case FORUM_POSTS -> counters.forumPosts();
        };
    }
}
