package dev.pylearn.api.notification;

import java.time.Instant;

/** The learner's notifications, newest first, keyset-paged, with their settings ({@link NotificationsView}). */
public record FindNotifications(String learnerId, Instant before, String beforeId, int limit) {
}
