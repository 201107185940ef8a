package dev.pylearn.api.chat;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin hides a message, with a reason shown in its place. */
public record HideMessage(@TargetAggregateIdentifier String conversationId, long seq, String adminId, String reason,
                          Instant at) {
}
