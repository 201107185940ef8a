package dev.pylearn.api.chat;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A member sends a message; a direct conversation is started by its first message. */
public record SendMessage(@TargetAggregateIdentifier String conversationId, String messageId, String senderId, String text,
                          Instant at) {
}
