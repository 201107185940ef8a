package dev.pylearn.api.achievement;

/** An achievement was removed from the content; learners keep what they unlocked. */
public record AchievementRetired(String achievementId) {
}
