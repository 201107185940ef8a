package dev.pylearn.command.notification;

import dev.pylearn.api.notification.NotificationKind;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends one notification at most once per (learner, kind, period). In one transaction it inserts the
 * notification's row, whose unique key {@code (learner_id, kind, period_key)} is the dedup key, then
 * hands the mail to the SMTP server, then commits: another node sending the same key waits on the
 * row and then finds it (skips); a run that fails before the SMTP server took the mail leaves no row,
 * so a re-run sends it.
 * <p>
 * The window this does not close: the SMTP server has accepted the mail and the node dies (or loses
 * the database) before the row commits. The row rolls back, and the next run sends the mail again; SMTP
 * has no way to take back or deduplicate a submission, so the learner's server receives two deliveries.
 * What makes them one message to mail clients is the Message-ID, derived from the dedup key
 * ({@code <kind.period.learner@pylearn.notifications>}, the same on every node and every run): clients
 * thread or collapse the copy, and receivers that drop duplicate Message-IDs drop it. The window is the
 * time between the server's answer to DATA and the commit (milliseconds), and it is tested
 * ({@code NotificationTest.aMailResentAfterACrashBeforeItsRowCommittedHasTheSameMessageId}). Committing
 * the row first instead would turn the same crash into a mail never sent, which is worse for streaks.
 * <p>
 * A learner who turned the kind off gets nothing; with no SMTP server configured (or no address known)
 * the notification is recorded with channel {@code app} and shown in the web app only.
 * <p>
 * Every mail has a signed one-click unsubscribe link (RFC 8058: {@code List-Unsubscribe} with an
 * https link, and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}).
 */
public class Notifier {

    /** What happened to one notification. */
    public enum Outcome { SENT, RECORDED, DUPLICATE, OPTED_OUT }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Optional<JavaMailSender> mail;
    private final UnsubscribeLinks links;
    private final String from;
    private final Clock clock;

    public Notifier(JdbcClient jdbc, PlatformTransactionManager transactions, Optional<JavaMailSender> mail,
                    UnsubscribeLinks links, String from, Clock clock) {
        this.jdbc = jdbc;
        // a transaction of its own even inside an event processor's batch: the row commits right after
        // its mail, so a batch that fails later and is delivered again finds the row and sends nothing
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.mail = mail;
        this.links = links;
        this.from = from;
        this.clock = clock;
    }

    public boolean mailConfigured() {
        return mail.isPresent();
    }

    public Outcome send(String learnerId, NotificationKind kind, String periodKey, String subject, String body) {
        return transactions.execute(status -> {
            // one statement: the learner's choice for this kind and their address
            Recipient recipient = jdbc.sql("""
                            SELECT coalesce((SELECT enabled FROM notification_preference
                                             WHERE learner_id = :learner AND kind = :kind), true) AS enabled,
                                   (SELECT email FROM notification_contact WHERE learner_id = :learner) AS email""")
                    .param("learner", learnerId).param("kind", kind.slug())
                    .query((rs, n) -> new Recipient(rs.getBoolean("enabled"), rs.getString("email")))
                    .single();
            if (!recipient.enabled()) {
                return Outcome.OPTED_OUT;
            }
            boolean byMail = mail.isPresent() && recipient.email() != null;
            int inserted = jdbc.sql("""
                            INSERT INTO notification (notification_id, learner_id, kind, period_key, subject, body, channel,
                                                      recipient, created_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (learner_id, kind, period_key) DO NOTHING""")
                    .params(UUID.randomUUID().toString(), learnerId, kind.slug(), periodKey, subject, body,
                            byMail ? "mail" : "app", byMail ? recipient.email() : null, Timestamp.from(clock.instant()))
                    .update();
            if (inserted == 0) {
                return Outcome.DUPLICATE;
            }
            if (!byMail) {
                return Outcome.RECORDED;
            }
            // a failure here rolls the row back: the notification was not sent and a later run sends it
            mail.get().send(message(recipient.email(), learnerId, kind, periodKey, subject, body));
            return Outcome.SENT;
        });
    }

    private record Recipient(boolean enabled, String email) {
    }

    private MimeMessage message(String to, String learnerId, NotificationKind kind, String periodKey, String subject,
                                String body) {
        JavaMailSender sender = mail.orElseThrow();
        MimeMessage message = sender.createMimeMessage();
        String unsubscribe = links.url(learnerId, kind);
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(new InternetAddress(from));
            helper.setTo(to);
            helper.setSubject(subject);
            helper.setText(body + "\n\n--\nYou get this because " + kind.label().toLowerCase(java.util.Locale.ROOT)
                    + " notifications are on for your PyLearn account.\nUnsubscribe from them with one click: "
                    + unsubscribe + "\nChoose what you receive: " + links.settingsUrl() + "\n");
            message.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.setHeader("X-PyLearn-Notification", kind.slug());
            message.saveChanges();
            // after saveChanges, which would replace it: the same key gives the same Message-ID
            message.setHeader("Message-ID", "<" + messageId(learnerId, kind, periodKey) + "@pylearn.notifications>");
        } catch (MessagingException e) {
            throw new MailPreparationFailed(e);
        }
        return message;
    }

    static String messageId(String learnerId, NotificationKind kind, String periodKey) {
        return (kind.slug() + "." + periodKey + "." + learnerId).replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /** A message that could not be built (a bad address): rolls the row back like a send failure. */
    static class MailPreparationFailed extends MailException {
        MailPreparationFailed(Throwable cause) {
            super("The notification mail could not be prepared", cause);
        }
    }
}
