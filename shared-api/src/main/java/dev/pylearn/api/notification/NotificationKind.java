package dev.pylearn.api.notification;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a notification is about; each learner turns each kind on or off. {@code slug} is the stable
 * name in URLs, the API and the tables.
 */
public enum NotificationKind {
    STREAK_AT_RISK("streak-at-risk", "Streak at risk"),
    WEEKLY_DIGEST("weekly-digest", "Weekly progress digest"),
    ACHIEVEMENT_UNLOCKED("achievement-unlocked", "Achievement unlocked"),
    BATTLE_INVITATION("battle-invitation", "Battle invitation"),
    FORUM_REPLY("forum-reply", "Forum reply"),
    FORUM_MODERATION("forum-moderation", "Forum suspension and its end");

    private final String slug;
    private final String label;

    NotificationKind(String slug, String label) {
        this.slug = slug;
        this.label = label;
    }

    public String slug() {
        return slug;
    }

    public String label() {
        return label;
    }

    public static Optional<NotificationKind> ofSlug(String slug) {
        return Arrays.stream(values()).filter(k -> k.slug.equals(slug)).findFirst();
    }
}
