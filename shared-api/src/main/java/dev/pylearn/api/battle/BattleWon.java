package dev.pylearn.api.battle;

import java.time.Instant;

/**
 * The battle has a winner: {@code reason} is {@code all-tests-passed} (the first submission passing
 * every test) or {@code time-limit} (most tests passed, then the earlier such submission).
 */
public record BattleWon(String battleId, String winnerId, String loserId, String reason, Instant wonAt)
        implements BattleEnded {
}
