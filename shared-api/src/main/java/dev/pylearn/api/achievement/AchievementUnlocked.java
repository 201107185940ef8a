package dev.pylearn.api.achievement;

import java.time.Instant;

/** A learner unlocked an achievement, once ever; its XP reward follows as XpAwarded. */
public record AchievementUnlocked(String learnerId, String achievementId, String title, int xp, Instant unlockedAt) {
}
