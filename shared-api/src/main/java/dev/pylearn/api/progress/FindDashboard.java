package dev.pylearn.api.progress;

/** A learner's dashboard; answered with the {@link DashboardView} as {@link dev.pylearn.api.JsonText}. */
public record FindDashboard(String learnerId) {
}
