package dev.pylearn.command.notification;

import dev.pylearn.api.notification.NotificationKind;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The weekly progress digest of one ISO week, for every learner registered before it ended: XP,
 * lessons and challenges of the week (from the analytics read model, by the learner's local days),
 * level and streak. Learners are read in keyset pages that leave out those who already have this
 * week's digest, so a run that stopped half-way (a crash, an SMTP outage) is finished by the next run
 * and a second node's run of the same week finds nothing left; the {@link Notifier}'s key makes any
 * overlap send nothing twice.
 */
public class WeeklyDigest {

    private static final Logger log = LoggerFactory.getLogger(WeeklyDigest.class);
    static final int PAGE = 500;

    /** What one run did. */
    public record Run(long sent, long recorded, long duplicates, long optedOut) {
    }

    private record Row(String learnerId, String displayName, long xp, int level, int streak, long weekXp, long lessons,
                       long challenges) {
    }

    private final JdbcClient jdbc;
    private final Notifier notifier;
    private final int concurrency;

    public WeeklyDigest(JdbcClient jdbc, Notifier notifier, int concurrency) {
        this.jdbc = jdbc;
        this.notifier = notifier;
        this.concurrency = Math.max(1, concurrency);
    }

    /** {@code week} as ISO week text, e.g. {@code 2026-W47}. */
    public Run run(String week) {
        LocalDate monday = LocalDate.parse(week + "-1", DateTimeFormatter.ISO_WEEK_DATE);
        LocalDate sunday = monday.plusDays(6);
        Timestamp end = Timestamp.from(monday.plusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant());
        AtomicLong sent = new AtomicLong();
        AtomicLong recorded = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong optedOut = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            String after = "";
            while (true) {
                List<Row> page = page(week, monday, sunday, end, after);
                if (page.isEmpty()) {
                    break;
                }
                List<Future<Notifier.Outcome>> sends = page.stream().map(row -> pool.submit(() -> notifier.send(
                        row.learnerId(), NotificationKind.WEEKLY_DIGEST, week, subject(week), body(row, week))))
                        .toList();
                for (Future<Notifier.Outcome> send : sends) {
                    Notifier.Outcome outcome;
                    try {
                        outcome = send.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Digest run interrupted", e);
                    } catch (java.util.concurrent.ExecutionException e) {
                        // the rest of the page is still awaited by the pool's shutdown; the next run sends what is missing
                        throw new IllegalStateException("Digest run of " + week + " stopped: " + e.getCause(), e.getCause());
                    }
                    switch (outcome) {
                        case SENT -> sent.incrementAndGet();
                        case RECORDED -> recorded.incrementAndGet();
                        case DUPLICATE -> duplicates.incrementAndGet();
                        case OPTED_OUT -> optedOut.incrementAndGet();
                    }
                }
                after = page.get(page.size() - 1).learnerId();
            }
        } finally {
            pool.shutdown();
        }
        Run run = new Run(sent.get(), recorded.get(), duplicates.get(), optedOut.get());
        log.info("Weekly digest {}: {} mailed, {} recorded in the app only, {} already done, {} opted out", week,
                run.sent(), run.recorded(), run.duplicates(), run.optedOut());
        return run;
    }

    private List<Row> page(String week, LocalDate monday, LocalDate sunday, Timestamp end, String after) {
        // learners still without this week's digest, each with the week's activity, in learner-id order
        return jdbc.sql("""
                        SELECT d.learner_id, d.display_name, d.xp, d.level, d.current_streak,
                               coalesce(sum(a.xp), 0) AS week_xp, coalesce(sum(a.lessons_completed), 0) AS lessons,
                               coalesce(sum(a.challenges_solved), 0) AS challenges
                        FROM learner_dashboard d
                        LEFT JOIN analytics_daily_activity a
                               ON a.learner_id = d.learner_id AND a.day BETWEEN :monday AND :sunday
                        WHERE d.learner_id > :after AND d.registered_at < :end
                          AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.learner_id = d.learner_id
                                            AND n.kind = 'weekly-digest' AND n.period_key = :week)
                        GROUP BY d.learner_id
                        ORDER BY d.learner_id LIMIT :page""")
                .param("monday", monday).param("sunday", sunday).param("after", after).param("end", end)
                .param("week", week).param("page", PAGE)
                .query((rs, n) -> new Row(rs.getString("learner_id"), rs.getString("display_name"), rs.getLong("xp"),
                        rs.getInt("level"), rs.getInt("current_streak"), rs.getLong("week_xp"), rs.getLong("lessons"),
                        rs.getLong("challenges")))
                .list();
    }

    static String subject(String week) {
        return "Your PyLearn week " + week;
    }

    private static String body(Row row, String week) {
        String activity = row.weekXp() == 0 && row.lessons() == 0 && row.challenges() == 0
                ? "You had a quiet week. One short lesson is enough to start a new streak."
                : String.format(Locale.ROOT, "You earned %d XP, completed %d lesson%s and solved %d challenge%s.",
                        row.weekXp(), row.lessons(), row.lessons() == 1 ? "" : "s", row.challenges(),
                        row.challenges() == 1 ? "" : "s");
        return "Hello " + row.displayName() + ",\n\nYour week " + week + " on PyLearn: " + activity + "\n\n"
                + "You are at level " + row.level() + " with " + row.xp() + " XP"
                + (row.streak() > 0 ? " and a streak of " + row.streak() + " day" + (row.streak() == 1 ? "" : "s") : "")
                + ".";
    }
}
