package dev.pylearn.api.chat;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin shows a hidden message again, with a reason shown with it. */
public record UnhideMessage(@TargetAggregateIdentifier String conversationId, long seq, String adminId, String reason,
                            Instant at) {
}
