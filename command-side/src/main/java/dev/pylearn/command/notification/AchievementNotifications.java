package dev.pylearn.command.notification;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.achievement.AchievementUnlocked;
import dev.pylearn.api.notification.NotificationKind;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Tells a learner about an achievement they unlocked. A side effect: never on replay
 * ({@code @DisallowReplay}), its processor starts at the head of the stream when first deployed (no
 * mail about old unlocks; see NotificationSchedule), and a redelivered event finds its key taken.
 * <p>
 * Battle invitations and forum replies are sent the same way: {@link InvitationAndReplyNotifications}.
 */
@Component
@ProcessingGroup(AchievementNotifications.GROUP)
class AchievementNotifications {

    static final String GROUP = ProcessingGroups.NOTIFICATIONS;

    private final Notifier notifier;

    AchievementNotifications(Notifier notifier) {
        this.notifier = notifier;
    }

    @EventHandler
    @DisallowReplay
    void on(AchievementUnlocked event) {
        notifier.send(event.learnerId(), NotificationKind.ACHIEVEMENT_UNLOCKED, event.achievementId(),
                "Achievement unlocked: " + event.title(),
                "Congratulations! You unlocked the achievement \"" + event.title() + "\""
                        + (event.xp() > 0 ? " and earned " + event.xp() + " XP." : "."));
    }
}
