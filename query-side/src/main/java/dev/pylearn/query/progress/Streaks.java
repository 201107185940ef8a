package dev.pylearn.query.progress;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The streak a learner sees today. The stored streak only changes on activity; once a whole local
 * day has passed without any, the streak is broken, so it reads as 0 until the next activity.
 */
final class Streaks {

    private Streaks() {
    }

    static int current(int storedStreak, LocalDate lastActiveDate, String timezone, Clock clock) {
        if (lastActiveDate == null) {
            return 0;
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(timezone)));
        return lastActiveDate.isBefore(today.minusDays(1)) ? 0 : storedStreak;
    }
}
