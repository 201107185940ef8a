package dev.pylearn.api.battle;

import java.time.Instant;

/** A player gave up; the other wins. */
public record BattleForfeited(String battleId, String forfeitedBy, String winnerId, Instant forfeitedAt)
        implements BattleEnded {
}
