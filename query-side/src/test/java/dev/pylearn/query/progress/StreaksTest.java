package dev.pylearn.query.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StreaksTest {

    // 2026-03-04 06:00 UTC is 2026-03-04 in Berlin but still 2026-03-03 in Los Angeles
    final Clock clock = Clock.fixed(Instant.parse("2026-03-04T06:00:00Z"), ZoneOffset.UTC);

    @Test
    void aStreakActiveTodayOrYesterdayStillCounts() {
        assertThat(Streaks.current(5, LocalDate.parse("2026-03-04"), "Europe/Berlin", clock)).isEqualTo(5);
        assertThat(Streaks.current(5, LocalDate.parse("2026-03-03"), "Europe/Berlin", clock)).isEqualTo(5);
    }

    @Test
    void aWholeMissedLocalDayBreaksTheStreak() {
        assertThat(Streaks.current(5, LocalDate.parse("2026-03-02"), "Europe/Berlin", clock)).isZero();
    }

    @Test
    void todayIsTheLearnersToday() {
        // in Los Angeles it is still 2026-03-03, so activity on 2026-03-02 was yesterday
        assertThat(Streaks.current(5, LocalDate.parse("2026-03-02"), "America/Los_Angeles", clock)).isEqualTo(5);
        assertThat(Streaks.current(0, null, "UTC", clock)).isZero();
    }
}
