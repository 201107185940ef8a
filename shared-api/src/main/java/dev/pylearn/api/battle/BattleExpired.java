package dev.pylearn.api.battle;

import java.time.Instant;

/** Nobody accepted the challenge in time. */
public record BattleExpired(String battleId, Instant expiredAt) implements BattleEnded {
}
