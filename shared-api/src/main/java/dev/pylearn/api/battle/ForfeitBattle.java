package dev.pylearn.api.battle;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A player gives up a running battle; the opponent wins. */
public record ForfeitBattle(@TargetAggregateIdentifier String battleId, String learnerId, Instant at) {
}
