package dev.pylearn.api.battle;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The challenged learner accepts: the battle starts. */
public record AcceptBattle(@TargetAggregateIdentifier String battleId, String learnerId, Instant at) {
}
