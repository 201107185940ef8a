package dev.pylearn.infra.benchmark;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.pylearn.command.notification.Notifier;
import dev.pylearn.command.notification.UnsubscribeLinks;
import dev.pylearn.command.notification.WeeklyDigest;
import dev.pylearn.infra.support.PlatformTest;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * One weekly digest run for 10,000 learners with mail addresses, into a real SMTP server (GreenMail, in
 * this JVM): the run's time, and that every learner got exactly one mail (0 duplicates, 0 missed, by
 * the notification table and by the messages the server received). Run:
 * {@code ./mvnw -Pbenchmark verify -pl infra -am -Dtest=NotificationDigestBenchmark}.
 */
@Tag("benchmark")
class NotificationDigestBenchmark extends PlatformTest {

    static final int LEARNERS = 10_000;

    @Autowired
    UnsubscribeLinks links;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    Clock clock;

    @Test
    void digestOfTenThousandLearners() {
        String batch = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        // learners as the dashboard projection keeps them, registered last week, each with an address
        jdbc.sql("""
                        INSERT INTO learner_dashboard (learner_id, username, display_name, timezone, xp, level,
                                                       registered_at, version)
                        SELECT :prefix || lpad(i::text, 5, '0'), :prefix || i, 'Learner ' || i, 'UTC', i % 500, 1 + i % 7,
                               now() - interval '7 days', 1
                        FROM generate_series(1, :n) i""")
                .param("prefix", batch).param("n", LEARNERS).update();
        jdbc.sql("""
                        INSERT INTO notification_contact (learner_id, email, version)
                        SELECT :prefix || lpad(i::text, 5, '0'), :prefix || i || '@example.org', 1
                        FROM generate_series(1, :n) i""")
                .param("prefix", batch).param("n", LEARNERS).update();
        String week = dev.pylearn.api.leaderboard.IsoWeek.of(Instant.now().plus(Duration.ofDays(70))).value();

        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        try {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(smtp.getSmtp().getPort());
            Notifier notifier = new Notifier(jdbc, transactions, Optional.of(sender), links,
                    "PyLearn <no-reply@pylearn.test>", clock);
            for (int concurrency : new int[] {4}) {
                long start = System.nanoTime();
                WeeklyDigest.Run run = new WeeklyDigest(jdbc, notifier, concurrency).run(week);
                double seconds = (System.nanoTime() - start) / 1e9;
                long rows = jdbc.sql("""
                                SELECT count(*) FROM notification WHERE kind = 'weekly-digest' AND period_key = ?
                                  AND learner_id LIKE ?""")
                        .params(week, batch + "%").query(Long.class).single();
                MimeMessage[] received = smtp.getReceivedMessages();
                Set<String> recipients = new HashSet<>();
                long duplicates = Arrays.stream(received).filter(m -> !recipients.add(recipient(m)))
                        .filter(m -> recipient(m).startsWith(batch)).count();
                long mailedToBatch = recipients.stream().filter(r -> r.startsWith(batch)).count();
                System.out.printf("%nWeekly digest, %,d learners with mail, send concurrency %d: %.1f s (%.0f mails/s); "
                                + "run: %,d sent, %,d app-only, %,d already done, %,d opted out%n"
                                + "  notification rows for the batch %,d; mails received by the SMTP server for the batch %,d; "
                                + "duplicates %d; missed %d%n",
                        LEARNERS, concurrency, seconds, run.sent() / seconds, run.sent(), run.recorded(), run.duplicates(),
                        run.optedOut(), rows, mailedToBatch, duplicates, LEARNERS - mailedToBatch);
                if (rows != LEARNERS || mailedToBatch != LEARNERS || duplicates != 0) {
                    throw new AssertionError("digest not exactly once: rows " + rows + ", mailed " + mailedToBatch
                            + ", duplicates " + duplicates);
                }
                // a second run of the same week (another node, a retry) finds nothing to send
                long again = System.nanoTime();
                WeeklyDigest.Run rerun = new WeeklyDigest(jdbc, notifier, concurrency).run(week);
                System.out.printf("  a second run of the same week: %,d sent in %.1f s; mails now %,d%n", rerun.sent(),
                        (System.nanoTime() - again) / 1e9, smtp.getReceivedMessages().length);
            }
        } finally {
            smtp.stop();
            jdbc.sql("DELETE FROM notification_contact WHERE learner_id LIKE ?").param(batch + "%").update();
            jdbc.sql("DELETE FROM learner_dashboard WHERE learner_id LIKE ?").param(batch + "%").update();
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
