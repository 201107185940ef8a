package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The author deletes their own post; it stays in the thread shown as deleted. */
public record DeletePost(@TargetAggregateIdentifier String postId, String learnerId, Instant at) {
}
