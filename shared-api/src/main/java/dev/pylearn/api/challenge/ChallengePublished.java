package dev.pylearn.api.challenge;

import java.util.List;

/**
 * A coding challenge of a track was published or changed. Carries every test, hidden ones
 * included; the reference solution never enters the event store. {@code hints} are the author's
 * hints, in order (the tutor's material); events from before hints existed read as none.
 */
public record ChallengePublished(String challengeId, String trackId, int position, String title, String difficulty,
                                 int xp, int timeLimitMs, ChallengeStyle style, String statement, String starterCode,
                                 List<ChallengeTest> tests, List<String> hints) {

    public ChallengePublished {
        hints = hints == null ? List.of() : List.copyOf(hints);
    }

    public ChallengePublished(String challengeId, String trackId, int position, String title, String difficulty,
                              int xp, int timeLimitMs, ChallengeStyle style, String statement, String starterCode,
                              List<ChallengeTest> tests) {
        this(challengeId, trackId, position, title, difficulty, xp, timeLimitMs, style, statement, starterCode, tests,
                List.of());
    }
}
