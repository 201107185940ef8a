package dev.pylearn.api.achievement;

import java.time.Instant;
import java.util.List;

/** Unlocked achievements with their date, and locked ones with progress {@code current}/{@code target}. */
public record AchievementsView(List<Unlocked> unlocked, List<Locked> locked) {

    /** An unlocked achievement. */
    public record Unlocked(String achievementId, String title, String description, String kind, int xp,
                           Instant unlockedAt) {
    }

    /** A locked achievement and how far the learner is; {@code current} never exceeds {@code target}. */
    public record Locked(String achievementId, String title, String description, String kind, int xp, long current,
                         long target) {
    }
}
