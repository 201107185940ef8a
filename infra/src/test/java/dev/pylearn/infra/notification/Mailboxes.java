package dev.pylearn.infra.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.pylearn.command.notification.Notifier;
import dev.pylearn.command.notification.UnsubscribeLinks;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;

/** A real SMTP server (GreenMail) for the notification tests, and notifiers that send to it. */
final class Mailboxes implements AutoCloseable {

    final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    Mailboxes() {
        smtp.start();
    }

    JavaMailSenderImpl sender() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(smtp.getSmtp().getPort());
        return sender;
    }

    /** A sender whose SMTP connection breaks after {@code working} mails, as when a node or the server goes away. */
    JavaMailSender failingAfter(int working) {
        AtomicInteger sent = new AtomicInteger();
        return sending((real, messages) -> {
            if (sent.incrementAndGet() > working) {
                throw new MailSendException("Connection to the SMTP server lost");
            }
            real.send(messages);
        });
    }

    /**
     * A sender through which the SMTP server accepts the first mail, after which the sending node "crashes"
     * before the notification's row commits: the send fails once the server has the mail.
     */
    JavaMailSender crashingAfterAcceptance() {
        return sending((real, messages) -> {
            real.send(messages);
            throw new IllegalStateException("Node lost after the SMTP server accepted the mail");
        });
    }

    /** A sender to this server whose sending {@code send} does (given the real sender and the messages). */
    private JavaMailSender sending(java.util.function.BiConsumer<JavaMailSenderImpl, MimeMessage[]> send) {
        JavaMailSenderImpl real = sender();
        return new JavaMailSenderImpl() {
            @Override
            public MimeMessage createMimeMessage() {
                return real.createMimeMessage();
            }

            @Override
            public void send(MimeMessage... messages) {
                send.accept(real, messages);
            }
        };
    }

    Notifier notifier(JdbcClient jdbc, PlatformTransactionManager transactions, JavaMailSender sender,
                      UnsubscribeLinks links, Clock clock) {
        return new Notifier(jdbc, transactions, Optional.of(sender), links,
                "PyLearn <no-reply@pylearn.test>", clock);
    }

    List<MimeMessage> to(String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
