package dev.pylearn.api.challenge;

/** One challenge as a learner sees it; {@code learnerId} may be null. */
public record FindChallenge(String challengeId, String learnerId) {
}
