package dev.pylearn.api.learner;

import java.time.LocalDate;

/**
 * A learner was active on a new local day. {@code currentStreak} counts consecutive local days
 * ending on {@code localDate} (1 after a missed day); {@code longestStreak} is the best ever.
 */
public record ActiveDayRecorded(String learnerId, LocalDate localDate, int currentStreak, int longestStreak) {
}
