package dev.pylearn.api.achievement;

/** An achievement was defined or changed; {@code position} orders the achievements page. */
public record AchievementPublished(int position, AchievementDefinition definition) {
}
