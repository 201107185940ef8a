package dev.pylearn.command.notification;

import dev.pylearn.api.forum.ForumSuspended;
import dev.pylearn.api.forum.ForumSuspensionLifted;
import dev.pylearn.api.notification.NotificationKind;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Tells a learner that an admin suspended them from the forum, and that the suspension was lifted,
 * each with the admin's reason: the suspension's reason is also in every refusal while it runs, but
 * its lifting has no refusal to carry its reason. Side effects like {@link AchievementNotifications}
 * (same processor: never on replay, a redelivered event finds its key taken); the period is the
 * event's time, so each suspension and each lift is told once.
 */
@Component
@ProcessingGroup(AchievementNotifications.GROUP)
class ForumModerationNotifications {

    private final Notifier notifier;
    private final UnsubscribeLinks links;

    ForumModerationNotifications(Notifier notifier, UnsubscribeLinks links) {
        this.notifier = notifier;
        this.links = links;
    }

    @EventHandler
    @DisallowReplay
    void on(ForumSuspended event) {
        notifier.send(event.learnerId(), NotificationKind.FORUM_MODERATION, "suspended-" + event.at(),
                "You are suspended from posting in the forum",
                "A moderator suspended you from posting in the forum until " + event.until() + ". Reason: "
                        + event.reason());
    }

    @EventHandler
    @DisallowReplay
    void on(ForumSuspensionLifted event) {
        notifier.send(event.learnerId(), NotificationKind.FORUM_MODERATION, "lifted-" + event.at(),
                "You may post in the forum again",
                "A moderator lifted your forum suspension. Reason: " + event.reason() + " "
                        + links.pageUrl("/forum"));
    }
}
