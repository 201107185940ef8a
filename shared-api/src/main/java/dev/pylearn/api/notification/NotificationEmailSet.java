package dev.pylearn.api.notification;

import java.time.Instant;

/** The learner's notification address changed; null: removed. */
public record NotificationEmailSet(String learnerId, String email, Instant at) {
}
