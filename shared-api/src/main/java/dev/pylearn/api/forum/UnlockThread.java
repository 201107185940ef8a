package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin unlocks a locked thread (it takes replies again), with a reason shown on it. */
public record UnlockThread(@TargetAggregateIdentifier String threadId, String adminId, String reason, Instant at) {
}
