package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin ends a learner's running forum suspension before its end, with a reason. */
public record LiftForumSuspension(@TargetAggregateIdentifier String learnerId, String reason, String adminId,
                                  Instant at) {
}
