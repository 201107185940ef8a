package dev.pylearn.api.battle;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A player is about to submit code in a running battle; the Battle checks that they may and answers
 * with the battle's challenge, then the Learner takes the submission (its limits) as for any challenge.
 */
public record SubmitBattleCode(@TargetAggregateIdentifier String battleId, String learnerId, String submissionId,
                               Instant at) {
}
