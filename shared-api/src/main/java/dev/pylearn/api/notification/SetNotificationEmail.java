package dev.pylearn.api.notification;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Where the learner's notification mail goes; blank removes the address (notifications then stay in the app). */
public record SetNotificationEmail(@TargetAggregateIdentifier String learnerId, String email, Instant at) {
}
