package dev.pylearn.projections.notification;

import dev.pylearn.api.notification.NotificationEmailSet;
import dev.pylearn.api.notification.NotificationPreferenceChanged;
import dev.pylearn.projections.support.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps what the notification senders read of each learner's choices: the kinds they turned off
 * ({@code notification_preference}) and their address ({@code notification_contact}). Writes are
 * guarded by the Learner's sequence number, so a replay or a redelivery changes nothing.
 */
@Component
@ReadModel(tables = {"notification_preference", "notification_contact"})
@ProcessingGroup(NotificationSettingsProjection.GROUP)
class NotificationSettingsProjection {

    static final String GROUP = "notification-settings";

    private final JdbcClient jdbc;

    NotificationSettingsProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(NotificationPreferenceChanged event, @SequenceNumber long version) {
        jdbc.sql("""
                        INSERT INTO notification_preference (learner_id, kind, enabled, version) VALUES (?, ?, ?, ?)
                        ON CONFLICT (learner_id, kind) DO UPDATE SET enabled = excluded.enabled, version = excluded.version
                        WHERE notification_preference.version < excluded.version""")
                .params(event.learnerId(), event.kind(), event.enabled(), version)
                .update();
    }

    @EventHandler
    void on(NotificationEmailSet event, @SequenceNumber long version) {
        if (event.email() == null) {
            jdbc.sql("DELETE FROM notification_contact WHERE learner_id = ? AND version < ?")
                    .params(event.learnerId(), version).update();
            return;
        }
        jdbc.sql("""
                        INSERT INTO notification_contact (learner_id, email, version) VALUES (?, ?, ?)
                        ON CONFLICT (learner_id) DO UPDATE SET email = excluded.email, version = excluded.version
                        WHERE notification_contact.version < excluded.version""")
                .params(event.learnerId(), event.email(), version)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE notification_preference, notification_contact").update();
    }
}
