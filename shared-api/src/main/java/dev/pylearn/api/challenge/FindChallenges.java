package dev.pylearn.api.challenge;

/** Challenges in catalog order, of one track or (trackId null) all; {@code learnerId} may be null. */
public record FindChallenges(String trackId, String learnerId) {
}
