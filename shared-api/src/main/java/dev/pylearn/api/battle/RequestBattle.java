package dev.pylearn.api.battle;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A learner challenges another, named by id, to a battle on {@code challengeId}; the opponent accepts or declines. */
public record RequestBattle(@TargetAggregateIdentifier String battleId, String challengerId, String opponentId,
                            String challengeId, Instant at) {
}
