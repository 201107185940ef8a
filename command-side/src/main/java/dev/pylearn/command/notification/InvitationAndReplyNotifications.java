package dev.pylearn.command.notification;

import dev.pylearn.api.battle.BattleRequested;
import dev.pylearn.api.forum.PostWritten;
import dev.pylearn.api.notification.NotificationKind;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells a learner they were challenged to a battle, and a thread's starter that someone replied. Side
 * effects like {@link AchievementNotifications} (same processor: never on replay, started at the head
 * of the stream, a redelivered event finds its key taken): the period of an invitation is the battle,
 * of a reply the post, so each is sent once. Names and titles come from the read models; a reply to a
 * thread the forum projection has not stored yet is not announced (its first post is its starter's
 * own, which announces nothing either).
 */
@Component
@ProcessingGroup(AchievementNotifications.GROUP)
class InvitationAndReplyNotifications {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Notifier notifier;
    private final UnsubscribeLinks links;
    private final JdbcClient jdbc;

    InvitationAndReplyNotifications(Notifier notifier, UnsubscribeLinks links, JdbcClient jdbc) {
        this.notifier = notifier;
        this.links = links;
        this.jdbc = jdbc;
    }

    @EventHandler
    @DisallowReplay
    void on(BattleRequested event) {
        String challenger = displayName(event.challengerId());
        String challenge = jdbc.sql("SELECT title FROM catalog_challenge WHERE challenge_id = ?")
                .param(event.challengeId()).query(String.class).optional().orElse(event.challengeId());
        notifier.send(event.opponentId(), NotificationKind.BATTLE_INVITATION, event.battleId(),
                challenger + " challenges you to a coding battle",
                challenger + " challenges you to a battle on \"" + challenge + "\". Accept or decline before "
                        + TIME.format(event.acceptBy()) + ": " + links.pageUrl("/battles/" + event.battleId()));
    }

    @EventHandler
    @DisallowReplay
    void on(PostWritten event) {
        // the starter: the thread's author, or for a lesson's or challenge's discussion its first poster
        record Thread(String title, String starter) {
        }
        Thread thread = jdbc.sql("""
                        SELECT t.title, coalesce(t.author_id, (SELECT p.author_id FROM forum_post p
                                WHERE p.thread_id = t.thread_id ORDER BY p.written_at, p.post_id LIMIT 1)) AS starter
                        FROM forum_thread t WHERE t.thread_id = ?""")
                .param(event.threadId())
                .query((rs, n) -> new Thread(rs.getString("title"), rs.getString("starter")))
                .optional().orElse(null);
        if (thread == null || thread.starter() == null || thread.starter().equals(event.authorId())) {
            return;
        }
        String replier = displayName(event.authorId());
        notifier.send(thread.starter(), NotificationKind.FORUM_REPLY, event.postId(),
                "New reply to \"" + thread.title() + "\"",
                replier + " replied in \"" + thread.title() + "\": "
                        + links.pageUrl("/forum/threads/" + event.threadId()));
    }

    private String displayName(String learnerId) {
        return jdbc.sql("SELECT display_name FROM learner_dashboard WHERE learner_id = ?").param(learnerId)
                .query(String.class).optional().orElse("Another learner");
    }
}
