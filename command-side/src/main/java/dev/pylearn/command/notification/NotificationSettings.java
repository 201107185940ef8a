package dev.pylearn.command.notification;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.pylearn.api.Rejection;
import dev.pylearn.api.notification.ChangeNotificationPreference;
import dev.pylearn.api.notification.NotificationEmailSet;
import dev.pylearn.api.notification.NotificationKind;
import dev.pylearn.api.notification.NotificationPreferenceChanged;
import dev.pylearn.api.notification.SetNotificationEmail;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The learner's notification address and the kinds they turned off, part of the {@code Learner}
 * aggregate (an {@code @AggregateMember}): a change that changes nothing applies no event.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class NotificationSettings {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private String email;
    private final Set<String> disabled = new HashSet<>();

    /** True when it changed something. */
    public boolean change(ChangeNotificationPreference command) {
        if (NotificationKind.ofSlug(command.kind()).isEmpty()) {
            throw Rejection.invalid("unknown-notification-kind", "There is no kind of notification '" + command.kind()
                    + "'; there are streak-at-risk, weekly-digest, achievement-unlocked, battle-invitation, forum-reply, forum-moderation.");
        }
        if (command.enabled() != disabled.contains(command.kind())) {
            return false;
        }
        apply(new NotificationPreferenceChanged(command.learnerId(), command.kind(), command.enabled(), command.via(),
                command.at()));
        return true;
    }

    /** True when it changed something. */
    public boolean change(SetNotificationEmail command) {
        String address = command.email() == null || command.email().isBlank() ? null
                : command.email().strip().toLowerCase(Locale.ROOT);
        if (address != null && (address.length() > 254 || !EMAIL.matcher(address).matches())) {
            throw Rejection.invalid("invalid-email", "'" + command.email() + "' is not a mail address such as "
                    + "ann@example.org.");
        }
        if (java.util.Objects.equals(address, email)) {
            return false;
        }
        apply(new NotificationEmailSet(command.learnerId(), address, command.at()));
        return true;
    }

    @EventSourcingHandler
    void on(NotificationPreferenceChanged event) {
        if (event.enabled()) {
            disabled.remove(event.kind());
        } else {
            disabled.add(event.kind());
        }
    }

    @EventSourcingHandler
    void on(NotificationEmailSet event) {
        email = event.email();
    }
}
