package dev.pylearn.api.learner;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin gives an account a role ({@code ANALYST}, {@code ADMIN}); answered with a {@link RolesResult}. */
public record GrantRole(@TargetAggregateIdentifier String learnerId, String role, String grantedBy, Instant at) {
}
