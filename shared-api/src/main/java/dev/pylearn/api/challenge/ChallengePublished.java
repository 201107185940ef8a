package dev.pylearn.api.challenge;

import java.util.List;

/**
 * A coding challenge of a track was published or changed. Carries every test, hidden ones
 * included; the reference solution never enters the event store.
 */
public record ChallengePublished(String challengeId, String trackId, int position, String title, String difficulty,
                                 int xp, int timeLimitMs, ChallengeStyle style, String statement, String starterCode,
                                 List<ChallengeTest> tests) {
}
