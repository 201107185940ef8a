package dev.pylearn.api.battle;

import java.time.Instant;

/**
 * A battle as one player sees it. {@code status}: requested, active, won, drawn, forfeited, declined
 * or expired. {@code you} is the viewer, {@code opponent} the other; the opponent's code is null
 * until the battle has ended. {@code version} is the last Battle event shown.
 */
public record BattleView(String battleId, String status, String challengeId, String challengeTitle,
                         String difficulty, String statementHtml, String starterCode, int totalTests,
                         boolean challenger, PlayerView you, PlayerView opponent, String winnerId, String endReason,
                         Instant requestedAt, Instant acceptBy, Instant startedAt, Instant endsAt, Instant endedAt,
                         long version) {

    /** Running or waiting to be accepted. */
    public boolean open() {
        return "requested".equals(status) || "active".equals(status);
    }

    /**
     * One player's state: {@code joined} once they are in (matched or accepted), submissions made,
     * how many are being judged now, the most tests one of them passed, and the code of their best
     * (else last) submission, shown only after the end.
     */
    public record PlayerView(String learnerId, String displayName, boolean joined, int submissions, int submitting,
                             int bestPassed, String code) {
    }
}
