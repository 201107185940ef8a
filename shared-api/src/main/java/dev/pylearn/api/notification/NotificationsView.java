package dev.pylearn.api.notification;

import java.util.List;
import java.util.Map;

/**
 * A page of the learner's notifications ({@code next}: cursor of the following page, null on the last),
 * their address (null: none) and every kind's setting by slug (absent from the table: on).
 */
public record NotificationsView(String email, Map<String, Boolean> preferences, List<NotificationView> notifications,
                                String next) {
}
