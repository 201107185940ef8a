package dev.pylearn.api.progress;

/**
 * The last learner event sequence number the dashboard read model has applied for a learner, or -1.
 * Used as a subscription query so a command's caller can wait until its own write is readable.
 */
public record FindDashboardVersion(String learnerId) {
}
