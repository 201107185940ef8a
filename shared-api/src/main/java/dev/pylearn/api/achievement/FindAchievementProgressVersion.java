package dev.pylearn.api.achievement;

/**
 * The last learner event sequence number the achievement-stats read model has applied, or -1; a
 * subscription query, like FindDashboardVersion, for read-your-writes.
 */
public record FindAchievementProgressVersion(String learnerId) {
}
