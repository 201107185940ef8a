package dev.pylearn.api.battle;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The challenged learner declines: the battle never starts. */
public record DeclineBattle(@TargetAggregateIdentifier String battleId, String learnerId, Instant at) {
}
