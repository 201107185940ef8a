package dev.pylearn.api.achievement;

/**
 * An achievement as authored: unlocked when the learner's {@code kind} counter reaches
 * {@code threshold} (see {@link AchievementKind}); {@code trackId} only for track_completed.
 */
public record AchievementDefinition(String achievementId, String title, String description, String kind,
                                    int threshold, String trackId, int xp) {
}
