package dev.pylearn.query.notification;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.notification.FindNotifications;
import dev.pylearn.api.notification.NotificationKind;
import dev.pylearn.api.notification.NotificationView;
import dev.pylearn.api.notification.NotificationsView;
import dev.pylearn.query.tutor.TutorCursor;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The learner's notification list (newest first, keyset-paged) with their settings, in one statement:
 * the address and the turned-off kinds are aggregated beside a page of notifications.
 */
@Component
class NotificationQueries {

    static final int MAX_PAGE = 50;

    private final JdbcClient jdbc;

    NotificationQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    NotificationsView handle(FindNotifications query) {
        if (query.limit() < 1 || query.limit() > MAX_PAGE) {
            throw Rejection.invalid("invalid-page-size", "'limit' must be between 1 and " + MAX_PAGE + ".");
        }
        String[] email = new String[1];
        String[] off = new String[1];
        List<NotificationView> rows = new ArrayList<>();
        jdbc.sql("""
                        SELECT (SELECT email FROM notification_contact WHERE learner_id = :learner) AS email,
                               (SELECT string_agg(kind, ',') FROM notification_preference
                                 WHERE learner_id = :learner AND NOT enabled) AS off,
                               n.notification_id, n.kind, n.period_key, n.subject, n.body, n.channel, n.created_at
                        FROM (SELECT 1) one
                        LEFT JOIN LATERAL (
                            SELECT * FROM notification WHERE learner_id = :learner
                              AND (CAST(:before AS timestamptz) IS NULL
                                   OR (created_at, notification_id) < (CAST(:before AS timestamptz), :beforeId))
                            ORDER BY created_at DESC, notification_id DESC LIMIT :limit) n ON true
                        ORDER BY n.created_at DESC, n.notification_id DESC""")
                .param("learner", query.learnerId())
                .param("before", query.before() == null ? null : Timestamp.from(query.before()))
                .param("beforeId", query.beforeId() == null ? "" : query.beforeId())
                .param("limit", query.limit() + 1)
                .query(rs -> {
                    email[0] = rs.getString("email");
                    off[0] = rs.getString("off");
                    if (rs.getString("notification_id") != null) {
                        rows.add(new NotificationView(rs.getString("notification_id"), rs.getString("kind"),
                                rs.getString("period_key"), rs.getString("subject"), rs.getString("body"),
                                rs.getString("channel"), rs.getTimestamp("created_at").toInstant()));
                    }
                });
        Map<String, Boolean> preferences = new LinkedHashMap<>();
        List<String> disabled = off[0] == null ? List.of() : List.of(off[0].split(","));
        for (NotificationKind kind : NotificationKind.values()) {
            preferences.put(kind.slug(), !disabled.contains(kind.slug()));
        }
        String next = null;
        if (rows.size() > query.limit()) {
            rows.remove(query.limit());
            NotificationView last = rows.get(query.limit() - 1);
            next = TutorCursor.of(last.createdAt(), last.notificationId());
        }
        return new NotificationsView(email[0], preferences, rows, next);
    }
}
