package dev.pylearn.infra.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.api.notification.NotificationKind;
import dev.pylearn.command.notification.Notifier;
import dev.pylearn.command.notification.StreakAtRisk;
import dev.pylearn.command.notification.UnsubscribeLinks;
import dev.pylearn.command.notification.WeeklyDigest;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * Notifications against a real SMTP server started here (GreenMail): what each kind's mail says and
 * carries (RFC 8058 one-click unsubscribe with a signed link), opting out, and exactly once across two
 * schedulers on the same database, concurrent runs and a node that died half-way through a run.
 */
class NotificationTest extends PlatformTest {

    @Autowired
    UnsubscribeLinks links;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    Clock clock;
    @Autowired
    DataSource dataSource;

    Mailboxes mail;
    Notifier notifier;

    @BeforeEach
    void smtp() {
        mail = new Mailboxes();
        notifier = mail.notifier(jdbc, transactions, mail.sender(), links, clock);
    }

    @AfterEach
    void stopSmtp() {
        mail.close();
    }

    /** A learner with a mail address, as they would set it. */
    private Learner withMail(String zone) {
        Learner learner = register(zone);
        String address = learner.username() + "@example.org";
        Api.Response set = api.put("/api/me/notifications/email", learner.token(), Map.of("email", address));
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT count(*) FROM notification_contact WHERE learner_id = ?").param(learner.learnerId())
                .query(Long.class).single() == 1);
        return learner;
    }

    private static String address(Learner learner) {
        return learner.username() + "@example.org";
    }

    @Test
    void everyKindIsMailedWithItsContentAndAOneClickUnsubscribeThatWorks() throws Exception {
        Learner learner = withMail("Europe/Berlin");
        // active today (a lesson), so tomorrow evening in Berlin the one-day streak is at risk
        assertThat(api.post("/api/me/lessons/hello-world/completion", learner.token(), null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT current_streak FROM learner_dashboard WHERE learner_id = ?").param(learner.learnerId())
                .query(Integer.class).single() == 1);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate today = LocalDate.now(berlin);
        Instant tomorrowEvening = today.plusDays(1).atTime(19, 30).atZone(berlin).toInstant();
        Instant tomorrowMorning = today.plusDays(1).atTime(9, 0).atZone(berlin).toInstant();
        StreakAtRisk streak = new StreakAtRisk(jdbc, notifier, 18);
        streak.run(tomorrowMorning);
        assertThat(mail.to(address(learner))).as("not yet evening in Berlin").isEmpty();
        streak.run(tomorrowEvening);
        streak.run(tomorrowEvening.plusSeconds(600));
        String week = IsoWeek.of(Instant.now().plus(Duration.ofDays(21))).value();
        new WeeklyDigest(jdbc, notifier, 2).run(week);
        // (the lesson's own First Steps went to the app through the platform's notifier, which has no SMTP here)
        notifier.send(learner.learnerId(), NotificationKind.ACHIEVEMENT_UNLOCKED, "bookworm",
                "Achievement unlocked: Bookworm", "Congratulations! You unlocked the achievement \"Bookworm\".");
        notifier.send(learner.learnerId(), NotificationKind.BATTLE_INVITATION, "battle-1", "Ann invites you to a battle",
                "Ann challenges you to FizzBuzz.");
        notifier.send(learner.learnerId(), NotificationKind.FORUM_REPLY, "post-7", "New reply to \"Loops\"",
                "Bob replied to your post.");

        List<MimeMessage> received = mail.to(address(learner));
        assertThat(received).extracting(MimeMessage::getSubject).containsExactlyInAnyOrder(
                "Your 1-day streak ends at midnight", "Your PyLearn week " + week, "Achievement unlocked: Bookworm",
                "Ann invites you to a battle", "New reply to \"Loops\"");
        for (MimeMessage message : received) {
            String kind = message.getHeader("X-PyLearn-Notification")[0];
            String unsubscribe = message.getHeader("List-Unsubscribe")[0];
            assertThat(unsubscribe).startsWith("<http://localhost:8080/notifications/unsubscribe?token=").endsWith(">");
            assertThat(message.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
            assertThat(message.getFrom()[0].toString()).isEqualTo("PyLearn <no-reply@pylearn.test>");
            assertThat(message.getMessageID()).endsWith("@pylearn.notifications>").contains(kind);
            String body = message.getContent().toString();
            assertThat(body).contains(unsubscribe.substring(1, unsubscribe.length() - 1))
                    .contains("http://localhost:8080/notifications");
            String token = unsubscribe.substring(unsubscribe.indexOf("token=") + 6, unsubscribe.length() - 1);
            assertThat(links.verify(token).learnerId()).isEqualTo(learner.learnerId());
            assertThat(links.verify(token).kind().slug()).isEqualTo(kind);
        }
        assertThat(body(received, "Your 1-day streak")).contains("1 day in a row").contains("before midnight");
        assertThat(body(received, "Your PyLearn week")).contains("level").contains("XP");

        // one click, as a mail provider does it (RFC 8058): POST to the link, no cookie, no CSRF token
        MimeMessage digest = received.stream().filter(m -> subject(m).startsWith("Your PyLearn week")).findFirst()
                .orElseThrow();
        String link = digest.getHeader("List-Unsubscribe")[0].replaceAll("^<http://localhost:8080|>$", "");
        Api.Response clicked = api.send(api.request(link, null).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertThat(clicked.status()).as(clicked.text()).isEqualTo(200);
        assertThat(clicked.text()).contains("You will no longer receive Weekly progress digest notifications");
        await().atMost(Duration.ofSeconds(10)).until(() -> !api.get("/api/me/notifications", learner.token()).json()
                .get("preferences").get("weekly-digest").asBoolean());
        String nextWeek = IsoWeek.of(Instant.now().plus(Duration.ofDays(28))).value();
        new WeeklyDigest(jdbc, notifier, 2).run(nextWeek);
        assertThat(mail.to(address(learner))).extracting(MimeMessage::getSubject)
                .doesNotContain("Your PyLearn week " + nextWeek);
        assertThat(jdbc.sql("SELECT count(*) FROM notification WHERE learner_id = ? AND period_key = ?")
                .params(learner.learnerId(), nextWeek).query(Long.class).single()).isZero();
        // the other kinds still arrive
        assertThat(notifier.send(learner.learnerId(), NotificationKind.FORUM_REPLY, "post-8", "Another reply", "Hi."))
                .isEqualTo(Notifier.Outcome.SENT);

        // a GET (a mail scanner following the link) changes nothing; a forged token is refused
        Api.Response page = api.get(link, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Unsubscribe from Weekly progress digest notifications");
        String forged = link.substring(0, link.length() - 3) + (link.endsWith("AAA") ? "BBB" : "AAA");
        Api.Response refused = api.send(api.request(forged, null).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("This unsubscribe link is not valid");
    }

    @Test
    void withoutSmtpNotificationsAreRecordedAndListedInTheApp() {
        Learner learner = register();
        // the platform under test has no SMTP server: the achievement of a first lesson is recorded for the app
        assertThat(api.post("/api/me/lessons/hello-world/completion", learner.token(), null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/me/notifications", learner.token()).json()
                .get("notifications").size() == 1);
        JsonNode notification = api.get("/api/me/notifications", learner.token()).json().get("notifications").get(0);
        assertThat(notification.get("kind").asString()).isEqualTo("achievement-unlocked");
        assertThat(notification.get("channel").asString()).isEqualTo("app");
        assertThat(notification.get("subject").asString()).isEqualTo("Achievement unlocked: First Steps");

        // turned off in the settings: nothing more of that kind
        assertThat(api.put("/api/me/notifications/preferences/achievement-unlocked", learner.token(),
                Map.of("enabled", false)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !api.get("/api/me/notifications", learner.token()).json()
                .get("preferences").get("achievement-unlocked").asBoolean());
        assertThat(notifier.send(learner.learnerId(), NotificationKind.ACHIEVEMENT_UNLOCKED, "getting-going", "x", "y"))
                .isEqualTo(Notifier.Outcome.OPTED_OUT);
        assertProblem(api.put("/api/me/notifications/preferences/carrier-pigeon", learner.token(), Map.of("enabled", false)),
                400, "unknown-notification-kind");
        assertProblem(api.put("/api/me/notifications/email", learner.token(), Map.of("email", "not an address")), 400,
                "invalid-email");
    }

    @Test
    void twoSchedulersOnOneDatabaseRunADigestOnceAndConcurrentRunsSendNothingTwice() throws Exception {
        List<Learner> learners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            learners.add(withMail("UTC"));
        }
        String week = IsoWeek.of(Instant.now().plus(Duration.ofDays(35))).value();
        WeeklyDigest digest = new WeeklyDigest(jdbc, notifier, 2);
        AtomicInteger executions = new AtomicInteger();
        String taskName = "digest-test-" + UUID.randomUUID();
        OneTimeTask<Void> task = Tasks.oneTime(taskName).execute((instance, context) -> {
            executions.incrementAndGet();
            digest.run(week);
        });
        Scheduler nodeA = node(task, "node-a");
        Scheduler nodeB = node(task, "node-b");
        try {
            nodeA.start();
            nodeB.start();
            nodeA.schedule(task.instance("run"), Instant.now());
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM notification_tasks WHERE task_name = ?").param(taskName).query(Long.class).single() == 0);
        } finally {
            nodeA.stop();
            nodeB.stop();
        }
        assertThat(executions.get()).as("one node ran the execution").isEqualTo(1);

        // two nodes running the same week at once (a misconfigured cron, a manual re-run): still once each
        CompletableFuture<WeeklyDigest.Run> first = CompletableFuture.supplyAsync(() -> digest.run(week));
        CompletableFuture<WeeklyDigest.Run> second = CompletableFuture.supplyAsync(
                () -> new WeeklyDigest(jdbc, mail.notifier(jdbc, transactions, mail.sender(), links, clock), 2).run(week));
        assertThat(first.join().sent() + second.join().sent()).isZero();
        assertExactlyOnce(week, learners);
    }

    @Test
    void aRunWhoseNodeDiedHalfWayIsFinishedByAnotherNodeWithoutDuplicates() throws Exception {
        List<Learner> learners = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            learners.add(withMail("UTC"));
        }
        String week = IsoWeek.of(Instant.now().plus(Duration.ofDays(42))).value();
        // the dying node: its SMTP connection breaks after 2 mails and the run stops
        WeeklyDigest dying = new WeeklyDigest(jdbc, mail.notifier(jdbc, transactions, mail.failingAfter(2), links, clock), 1);
        try {
            dying.run(week);
        } catch (IllegalStateException expected) {
            // the run stopped half-way
        }
        // the run goes by learner id over every learner in the database, other tests' learners with a mail address
        // too, so the two mails it got out may have gone to any of them: count this week's digests by subject
        assertThat(digestMails(week)).as("the dying run mailed two, then stopped").hasSize(2);
        // its execution stays picked, with heartbeats that stopped: as the scheduler table shows a dead node
        String taskName = "digest-resume-" + UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO notification_tasks (task_name, task_instance, execution_time, picked, picked_by,
                                                     last_heartbeat, version)
                        VALUES (?, 'run', ?, true, 'dead-node', ?, 1)""")
                .params(taskName, Timestamp.from(Instant.now().minusSeconds(600)), Timestamp.from(Instant.now().minusSeconds(600)))
                .update();
        AtomicInteger executions = new AtomicInteger();
        WeeklyDigest restarted = new WeeklyDigest(jdbc, mail.notifier(jdbc, transactions, mail.sender(), links, clock), 2);
        OneTimeTask<Void> task = Tasks.oneTime(taskName).execute((instance, context) -> {
            executions.incrementAndGet();
            restarted.run(week);
        });
        Scheduler survivor = node(task, "node-b");
        try {
            survivor.start();
            await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM notification_tasks WHERE task_name = ?").param(taskName).query(Long.class).single() == 0);
        } finally {
            survivor.stop();
        }
        assertThat(executions.get()).isEqualTo(1);
        assertExactlyOnce(week, learners);
        assertThat(digestMails(week).stream().map(NotificationTest::recipient))
                .as("no address mailed twice, the dying run's two included").doesNotHaveDuplicates();
    }

    private List<MimeMessage> digestMails(String week) {
        return Arrays.stream(mail.smtp.getReceivedMessages())
                .filter(m -> subject(m).equals("Your PyLearn week " + week)).toList();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every learner registered before the week ended has its digest exactly once; each address got one mail. */
    private void assertExactlyOnce(String week, List<Learner> mailed) {
        long learners = jdbc.sql("SELECT count(*) FROM learner_dashboard WHERE registered_at < ?")
                .param(Timestamp.from(LocalDate.parse(week + "-1", java.time.format.DateTimeFormatter.ISO_WEEK_DATE)
                        .plusDays(7).atStartOfDay(java.time.ZoneOffset.UTC).toInstant())).query(Long.class).single();
        long optedOut = jdbc.sql("SELECT count(*) FROM notification_preference WHERE kind = 'weekly-digest' AND NOT enabled")
                .query(Long.class).single();
        long digests = jdbc.sql("SELECT count(*) FROM notification WHERE kind = 'weekly-digest' AND period_key = ?")
                .param(week).query(Long.class).single();
        assertThat(digests).as("none missed").isEqualTo(learners - optedOut);
        for (Learner learner : mailed) {
            assertThat(mail.to(address(learner)).stream().filter(m -> subject(m).equals("Your PyLearn week " + week)))
                    .as("mails to " + address(learner)).hasSize(1);
        }
    }

    /**
     * The one window left open: the SMTP server accepted the mail, then the node died before the dedup row
     * committed. The next run sends it again, and it is the same message to mail clients: the same
     * Message-ID, derived from (learner, kind, period). Another period is another message.
     */
    @Test
    void aMailResentAfterACrashBeforeItsRowCommittedHasTheSameMessageId() throws Exception {
        Learner learner = withMail("UTC");
        Notifier crashing = mail.notifier(jdbc, transactions, mail.crashingAfterAcceptance(), links, clock);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> crashing.send(learner.learnerId(),
                        NotificationKind.FORUM_REPLY, "post-42", "New reply to \"Loops\"", "Bob replied to your post."))
                .hasMessageContaining("after the SMTP server accepted");
        assertThat(rows(learner, "post-42")).as("the dedup row rolled back with the crash").isZero();

        assertThat(notifier.send(learner.learnerId(), NotificationKind.FORUM_REPLY, "post-42", "New reply to \"Loops\"",
                "Bob replied to your post.")).isEqualTo(Notifier.Outcome.SENT);
        assertThat(notifier.send(learner.learnerId(), NotificationKind.FORUM_REPLY, "post-42", "New reply to \"Loops\"",
                "Bob replied to your post.")).isEqualTo(Notifier.Outcome.DUPLICATE);
        assertThat(rows(learner, "post-42")).isEqualTo(1);
        List<MimeMessage> received = mail.to(address(learner));
        assertThat(received).hasSize(2);
        String messageId = received.get(0).getMessageID();
        assertThat(received.get(1).getMessageID()).isEqualTo(messageId);
        assertThat(messageId).startsWith("<forum-reply.post-42.").endsWith("@pylearn.notifications>");

        notifier.send(learner.learnerId(), NotificationKind.FORUM_REPLY, "post-43", "New reply to \"Loops\"",
                "Carol replied to your post.");
        List<MimeMessage> now = mail.to(address(learner));
        assertThat(now).hasSize(3);
        assertThat(now.get(2).getMessageID()).isNotEqualTo(messageId).startsWith("<forum-reply.post-43.");
    }

    private long rows(Learner learner, String period) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE learner_id = ? AND kind = 'forum-reply' AND period_key = ?")
                .params(learner.learnerId(), period).query(Long.class).single();
    }

    private Scheduler node(OneTimeTask<Void> task, String name) {
        return Scheduler.create(dataSource, task)
                .tableName("notification_tasks")
                .schedulerName(new com.github.kagkarlsson.scheduler.SchedulerName.Fixed(name))
                .pollingInterval(Duration.ofMillis(200))
                .heartbeatInterval(Duration.ofSeconds(1))
                .missedHeartbeatsLimit(4)
                .threads(2)
                .build();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(List<MimeMessage> messages, String subjectStart) throws Exception {
        for (MimeMessage message : messages) {
            if (subject(message).startsWith(subjectStart)) {
                return message.getContent().toString();
            }
        }
        throw new AssertionError("no mail " + subjectStart);
    }
}
