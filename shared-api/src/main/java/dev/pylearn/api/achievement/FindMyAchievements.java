package dev.pylearn.api.achievement;

/** A learner's achievements page; answered with an {@link AchievementsView}. */
public record FindMyAchievements(String learnerId) {
}
