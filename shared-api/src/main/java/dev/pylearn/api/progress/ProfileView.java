package dev.pylearn.api.progress;

/**
 * A learner's profile. {@code currentStreak} is 0 once a local day has passed without activity,
 * even before the learner's next activity records the reset.
 */
public record ProfileView(String learnerId, String username, String displayName, String timezone, long xp,
                          int level, int currentStreak, int longestStreak, boolean premium) {
}
