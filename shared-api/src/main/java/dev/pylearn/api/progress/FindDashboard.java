package dev.pylearn.api.progress;

/** A learner's dashboard; answered with a {@link DashboardView}. */
public record FindDashboard(String learnerId) {
}
