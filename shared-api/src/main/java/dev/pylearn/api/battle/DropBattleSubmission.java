package dev.pylearn.api.battle;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The Learner refused a submission the Battle had let through (a limit): it will never be judged. */
public record DropBattleSubmission(@TargetAggregateIdentifier String battleId, String submissionId) {
}
