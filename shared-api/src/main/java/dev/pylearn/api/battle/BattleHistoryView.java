package dev.pylearn.api.battle;

import java.time.Instant;
import java.util.List;

/** One page of a learner's ended battles, newest first; {@code nextCursor} fetches the next page (null at the end). */
public record BattleHistoryView(List<Entry> battles, String nextCursor) {

    /**
     * One ended battle: {@code outcome} is won, lost, drawn, forfeited (by you), declined or expired;
     * the rating after it and its change (0 for battles that never started).
     */
    public record Entry(String battleId, String opponentId, String opponentName, String challengeId,
                        String challengeTitle, String outcome, int ratingAfter, int ratingChange, Instant endedAt) {
    }
}
