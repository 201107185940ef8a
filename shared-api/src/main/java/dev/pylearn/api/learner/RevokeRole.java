package dev.pylearn.api.learner;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin takes a role away from an account; answered with a {@link RolesResult}. */
public record RevokeRole(@TargetAggregateIdentifier String learnerId, String role, String revokedBy, Instant at) {
}
