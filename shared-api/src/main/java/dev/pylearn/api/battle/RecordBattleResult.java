package dev.pylearn.api.battle;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Tells a player's Learner how a battle ended for them ({@code won}, {@code lost}, {@code drawn},
 * {@code forfeited}), once per battle: XP and the battles-won count follow.
 */
public record RecordBattleResult(@TargetAggregateIdentifier String learnerId, String battleId, String outcome,
                                 Instant at) {
}
