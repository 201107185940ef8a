package dev.pylearn.command.notification;

import dev.pylearn.api.notification.NotificationKind;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Warns learners whose streak ends tonight: it is evening in their own time zone (from
 * {@code pylearn.notifications.evening-hour} to midnight), they were active yesterday and not yet
 * today. Once per learner and local day (the day is the notification's period). Run every few minutes
 * by the scheduler, on one node at a time.
 */
public class StreakAtRisk {

    private record Row(String learnerId, String displayName, int streak, String localDay) {
    }

    private final JdbcClient jdbc;
    private final Notifier notifier;
    private final int eveningHour;

    public StreakAtRisk(JdbcClient jdbc, Notifier notifier, int eveningHour) {
        this.jdbc = jdbc;
        this.notifier = notifier;
        this.eveningHour = eveningHour;
    }

    /** Sends what is due at {@code now}; returns how many were sent or recorded. */
    public int run(Instant now) {
        int done = 0;
        String after = "";
        while (true) {
            List<Row> page = jdbc.sql("""
                            SELECT learner_id, display_name, current_streak, local_day::text AS local_day FROM (
                                SELECT d.learner_id, d.display_name, d.current_streak, d.last_active_date,
                                       (CAST(:now AS timestamptz) AT TIME ZONE d.timezone) AS local_time,
                                       (CAST(:now AS timestamptz) AT TIME ZONE d.timezone)::date AS local_day
                                FROM learner_dashboard d
                                WHERE d.current_streak > 0 AND d.learner_id > :after) l
                            WHERE l.last_active_date = l.local_day - 1
                              AND extract(hour FROM l.local_time) >= :evening
                              AND NOT EXISTS (SELECT 1 FROM notification n WHERE n.learner_id = l.learner_id
                                                AND n.kind = 'streak-at-risk' AND n.period_key = l.local_day::text)
                            ORDER BY learner_id LIMIT 500""")
                    .param("now", Timestamp.from(now)).param("after", after).param("evening", eveningHour)
                    .query((rs, n) -> new Row(rs.getString("learner_id"), rs.getString("display_name"),
                            rs.getInt("current_streak"), rs.getString("local_day")))
                    .list();
            if (page.isEmpty()) {
                return done;
            }
            for (Row row : page) {
                Notifier.Outcome outcome = notifier.send(row.learnerId(), NotificationKind.STREAK_AT_RISK, row.localDay(),
                        "Your " + row.streak() + "-day streak ends at midnight",
                        "Hello " + row.displayName() + ",\n\nYou have practised " + row.streak() + " day"
                                + (row.streak() == 1 ? "" : "s") + " in a row. Complete a lesson or solve a challenge "
                                + "before midnight to keep your streak going.");
                if (outcome == Notifier.Outcome.SENT || outcome == Notifier.Outcome.RECORDED) {
                    done++;
                }
            }
            after = page.get(page.size() - 1).learnerId();
        }
    }
}
