package dev.pylearn.api.learner;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Grants XP to a learner outside the lesson flow (an admin's bonus, a correction). */
public record AwardXp(@TargetAggregateIdentifier String learnerId, int amount, String reason, Instant at) {
}
