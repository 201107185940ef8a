package dev.pylearn.api.learner;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Replaces a learner's password and ends every session opened before; the password arrives already
 * hashed and the hash goes to the account table, never into an event. Answered with a
 * {@link PasswordChangeResult}.
 */
public record ChangePassword(@TargetAggregateIdentifier String learnerId, String passwordHash, Instant at) {
}
