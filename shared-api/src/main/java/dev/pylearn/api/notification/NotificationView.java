package dev.pylearn.api.notification;

import java.time.Instant;

/** One notification: its kind's slug, what it said, and whether it went out by mail or stayed in the app. */
public record NotificationView(String notificationId, String kind, String periodKey, String subject, String body,
                               String channel, Instant createdAt) {
}
