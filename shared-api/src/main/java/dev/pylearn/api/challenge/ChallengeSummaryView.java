package dev.pylearn.api.challenge;

/** A challenge in a list; {@code solved} is the caller's. */
public record ChallengeSummaryView(String challengeId, String trackId, String title, String difficulty, int xp,
                                   boolean solved) {
}
