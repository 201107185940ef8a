package dev.pylearn.command.notification;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.pylearn.api.leaderboard.IsoWeek;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires notifications: the SMTP sender when {@code PYLEARN_SMTP_HOST} is set (none: notifications are
 * recorded for the web app only), the {@link Notifier}, and db-scheduler with the weekly digest (cron,
 * UTC) and the streak check (every few minutes). db-scheduler keeps its executions in PostgreSQL
 * ({@code notification_tasks}, V51; battles keep their deadlines in {@code scheduled_tasks}): each due execution is picked by exactly one node, and one whose node
 * died is run again after its heartbeats stop. Built here from the core library rather than its
 * Boot starter (see the pom).
 */
@Configuration(proxyBeanMethods = false)
class NotificationSchedule {

    @Bean
    Optional<JavaMailSender> notificationMail(@Value("${pylearn.mail.host:}") String host,
                                              @Value("${pylearn.mail.port:25}") int port,
                                              @Value("${pylearn.mail.username:}") String username,
                                              @Value("${pylearn.mail.password:}") String password,
                                              @Value("${pylearn.mail.starttls:false}") boolean starttls) {
        if (host.isBlank()) {
            return Optional.empty();
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(host);
        sender.setPort(port);
        if (!username.isBlank()) {
            sender.setUsername(username);
            sender.setPassword(password);
        }
        Properties properties = sender.getJavaMailProperties();
        properties.put("mail.smtp.auth", String.valueOf(!username.isBlank()));
        properties.put("mail.smtp.starttls.enable", String.valueOf(starttls));
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        return Optional.of(sender);
    }

    @Bean
    Notifier notifier(JdbcClient jdbc, PlatformTransactionManager transactions, Optional<JavaMailSender> notificationMail,
                      UnsubscribeLinks links, @Value("${pylearn.mail.from:PyLearn <no-reply@pylearn.local>}") String from,
                      Clock clock) {
        return new Notifier(jdbc, transactions, notificationMail, links, from, clock);
    }

    @Bean
    WeeklyDigest weeklyDigest(JdbcClient jdbc, Notifier notifier,
                              @Value("${pylearn.notifications.send-concurrency:4}") int concurrency) {
        return new WeeklyDigest(jdbc, notifier, concurrency);
    }

    @Bean
    StreakAtRisk streakAtRisk(JdbcClient jdbc, Notifier notifier,
                              @Value("${pylearn.notifications.evening-hour:18}") int eveningHour) {
        return new StreakAtRisk(jdbc, notifier, eveningHour);
    }

    @Bean(destroyMethod = "stop")
    Scheduler notificationScheduler(DataSource dataSource, WeeklyDigest digest, StreakAtRisk streak, Clock clock,
                                    @Value("${pylearn.notifications.digest-cron:0 0 8 * * MON}") String digestCron,
                                    @Value("${pylearn.notifications.streak-interval:10m}") Duration streakInterval,
                                    @Value("${pylearn.notifications.polling-interval:10s}") Duration polling) {
        // the week that ended before the run (the digest goes out on Monday morning about the week before)
        RecurringTask<Void> digestTask = Tasks.recurring("weekly-digest", Schedules.cron(digestCron, ZoneOffset.UTC))
                .execute((instance, context) -> digest.run(IsoWeek.of(clock.instant().minus(Duration.ofDays(7))).value()));
        RecurringTask<Void> streakTask = Tasks.recurring("streak-at-risk", Schedules.fixedDelay(streakInterval))
                .execute((instance, context) -> streak.run(clock.instant()));
        return Scheduler.create(dataSource)
                .startTasks(digestTask, streakTask)
                .tableName("notification_tasks")
                .pollingInterval(polling)
                .threads(2)
                .build();
    }

    /** Started once the application is up (not while the context is built), stopped with it. */
    @EventListener(ApplicationReadyEvent.class)
    void start(ApplicationReadyEvent ready) {
        boolean enabled = ready.getApplicationContext().getEnvironment()
                .getProperty("pylearn.notifications.scheduler-enabled", Boolean.class, true);
        if (enabled) {
            ready.getApplicationContext().getBean("notificationScheduler", Scheduler.class).start();
        }
    }

    /**
     * The notification processor starts at the head of the event stream when it has no token yet: on
     * its first deployment it must not mail every achievement ever unlocked.
     */
    @Autowired
    void startAtHead(EventProcessingConfigurer processing) {
        processing.registerTrackingEventProcessorConfiguration(AchievementNotifications.GROUP,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
    }
}
