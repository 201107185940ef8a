package dev.pylearn.api.battle;

import java.time.Instant;

/** The learner's open battle (null when none) and since when they wait in the queue (null when not queued). */
public record CurrentBattleView(String battleId, String status, boolean challenger, String opponentName,
                                Instant queuedSince) {
}
