package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin shows a hidden post again, with a reason shown with it. */
public record UnhidePost(@TargetAggregateIdentifier String postId, String adminId, String reason, Instant at) {
}
