package dev.pylearn.api.challenge;

/** A challenge was removed from a track's content. Earlier submissions and solves stay. */
public record ChallengeRetired(String challengeId, String trackId) {
}
