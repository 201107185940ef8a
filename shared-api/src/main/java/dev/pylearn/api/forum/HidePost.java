package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin hides a post, with a reason shown in its place. */
public record HidePost(@TargetAggregateIdentifier String postId, String adminId, String reason, Instant at) {
}
