package dev.pylearn.api.chat;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A learner blocks the other member of a direct conversation: no more messages from them. */
public record BlockLearner(@TargetAggregateIdentifier String conversationId, String blockerId, Instant at) {
}
