package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin opens a forum category; {@code categoryId} is a URL slug chosen by the admin. */
public record CreateForumCategory(@TargetAggregateIdentifier String categoryId, String title, String description,
                                  String createdBy, Instant at) {
}
