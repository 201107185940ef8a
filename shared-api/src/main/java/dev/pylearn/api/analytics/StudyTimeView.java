package dev.pylearn.api.analytics;

import java.time.LocalDate;
import java.util.List;

/**
 * XP and activity per local day, oldest first, one entry for every day of the period (zero when the
 * learner did nothing that day); {@code timezone} is the zone the days are counted in.
 */
public record StudyTimeView(int days, String timezone, long totalXp, List<Day> entries) {

    /** XP and activity of one local day. */
    public record Day(LocalDate day, long xp, int lessonsCompleted, int challengesSolved, int submissions) {

        public boolean active() {
            return xp > 0 || lessonsCompleted > 0 || challengesSolved > 0 || submissions > 0;
        }
    }
}
