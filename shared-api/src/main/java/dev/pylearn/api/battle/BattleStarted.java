package dev.pylearn.api.battle;

import java.time.Instant;

/** Both players are in; the battle runs until {@code endsAt} at the latest. */
public record BattleStarted(String battleId, String learnerA, String learnerB, String challengeId, Instant endsAt,
                            Instant startedAt) {
}
