package dev.pylearn.query.notification;

import dev.pylearn.api.notification.FindNotifications;
import dev.pylearn.api.notification.NotificationsView;
import dev.pylearn.query.tutor.TutorCursor;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me/notifications}: the caller's notifications and settings. */
@RestController
class NotificationListController {

    private final Queries queries;

    NotificationListController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/me/notifications")
    NotificationsView notifications(@RequestParam(required = false) String before,
                                    @RequestParam(defaultValue = "20") int limit, Principal me) {
        TutorCursor cursor = TutorCursor.parse(before);
        return queries.one(new FindNotifications(me.getName(), cursor == null ? null : cursor.at(),
                cursor == null ? null : cursor.id(), limit), NotificationsView.class).orElseThrow();
    }
}
