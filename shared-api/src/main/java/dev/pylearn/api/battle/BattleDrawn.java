package dev.pylearn.api.battle;

import java.time.Instant;

/** The time limit came with neither player ahead. */
public record BattleDrawn(String battleId, String learnerA, String learnerB, Instant drawnAt) implements BattleEnded {
}
