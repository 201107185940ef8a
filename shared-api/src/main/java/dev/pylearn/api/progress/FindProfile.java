package dev.pylearn.api.progress;

/** A learner's profile; answered with a {@link ProfileView}. */
public record FindProfile(String learnerId) {
}
