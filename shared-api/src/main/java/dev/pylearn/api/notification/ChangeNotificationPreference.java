package dev.pylearn.api.notification;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A learner turns a kind of notification on or off ({@code kind} is its slug); {@code via} says where:
 * settings, api or unsubscribe-link.
 */
public record ChangeNotificationPreference(@TargetAggregateIdentifier String learnerId, String kind, boolean enabled,
                                           String via, Instant at) {
}
