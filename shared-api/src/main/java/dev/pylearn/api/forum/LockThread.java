package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin locks a thread (no more replies), with a reason shown on it. */
public record LockThread(@TargetAggregateIdentifier String threadId, String adminId, String reason, Instant at) {
}
