package dev.pylearn.api.chat;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A learner lifts their block of the other member of a direct conversation. */
public record UnblockLearner(@TargetAggregateIdentifier String conversationId, String blockerId, Instant at) {
}
