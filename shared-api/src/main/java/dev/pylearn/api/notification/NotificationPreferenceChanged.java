package dev.pylearn.api.notification;

import java.time.Instant;

/** A kind of notification was turned on or off for a learner. */
public record NotificationPreferenceChanged(String learnerId, String kind, boolean enabled, String via, Instant at) {
}
