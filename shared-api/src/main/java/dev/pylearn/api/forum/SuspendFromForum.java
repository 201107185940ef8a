package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin stops a learner from posting until {@code until}, with a reason shown to the learner. */
public record SuspendFromForum(@TargetAggregateIdentifier String learnerId, Instant until, String reason, String adminId,
                               Instant at) {
}
