package dev.pylearn.api.challenge;

/**
 * A challenge's page in one lookup: the challenge as {@link FindChallenge} answers it, with the
 * learner's own latest {@code submissionLimit} submissions of it (none when {@code learnerId} is null).
 * Answered with a {@link ChallengePageView}.
 */
public record FindChallengePage(String challengeId, String learnerId, int submissionLimit) {
}
