package dev.pylearn.web.learner;

import dev.pylearn.api.analytics.StudyTimeView;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's activity calendar: the learner's local days as a table with a row per weekday
 * (Monday first) and a column per week, oldest week first, the last column holding today. Days
 * before the period or after today are empty cells. Each day has an intensity from 0 (nothing
 * done) to 4, shown as a shade, and a sentence saying what was done, for screen readers and the tooltip.
 */
public record ActivityCalendar(String timezone, List<String> weeks, List<Weekday> rows, int activeDays, int days,
                               long totalXp) {

    public static final int WEEKS = 12;

    /** One weekday across the weeks: its name and a cell per week (null for a day outside the period). */
    public record Weekday(String name, String shortName, List<Cell> cells) {
    }

    /** One local day. */
    public record Cell(LocalDate day, long xp, int lessons, int challenges, int submissions, boolean today) {

        public int intensity() {
            if (xp <= 0 && lessons == 0 && challenges == 0 && submissions == 0) {
                return 0;
            }
            return xp < 20 ? 1 : xp < 50 ? 2 : xp < 100 ? 3 : 4;
        }

        public String label() {
            String date = day.format(DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH));
            if (intensity() == 0) {
                return date + (today ? " (today)" : "") + ": no activity";
            }
            List<String> parts = new ArrayList<>();
            parts.add(xp + " XP");
            if (lessons > 0) {
                parts.add(lessons + (lessons == 1 ? " lesson" : " lessons"));
            }
            if (challenges > 0) {
                parts.add(challenges + (challenges == 1 ? " challenge solved" : " challenges solved"));
            }
            if (submissions > 0) {
                parts.add(submissions + (submissions == 1 ? " submission" : " submissions"));
            }
            return date + (today ? " (today)" : "") + ": " + String.join(", ", parts);
        }
    }

    /**
     * Days to ask for: enough for every day of the last {@link #WEEKS} weeks up to today whatever
     * weekday today is (the page does not know the learner's today before asking); extra days are dropped.
     */
    public static final int DAYS = WEEKS * 7;

    /** Lays out the study time's days (oldest first, the last one today in the learner's zone). */
    public static ActivityCalendar of(StudyTimeView studyTime) {
        List<StudyTimeView.Day> entries = studyTime.entries();
        if (entries.isEmpty()) {
            return new ActivityCalendar(studyTime.timezone(), List.of(), List.of(), 0, 0, 0);
        }
        LocalDate today = entries.get(entries.size() - 1).day();
        LocalDate firstMonday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(WEEKS - 1);
        List<String> weeks = new ArrayList<>();
        for (int w = 0; w < WEEKS; w++) {
            weeks.add(firstMonday.plusWeeks(w).format(DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH)));
        }
        Cell[][] grid = new Cell[7][WEEKS];
        int active = 0;
        int days = 0;
        long xp = 0;
        for (StudyTimeView.Day day : entries) {
            long offset = java.time.temporal.ChronoUnit.DAYS.between(firstMonday, day.day());
            if (offset < 0 || offset >= 7L * WEEKS) {
                continue;
            }
            Cell cell = new Cell(day.day(), day.xp(), day.lessonsCompleted(), day.challengesSolved(), day.submissions(),
                    day.day().equals(today));
            grid[(int) (offset % 7)][(int) (offset / 7)] = cell;
            days++;
            xp += day.xp();
            if (cell.intensity() > 0) {
                active++;
            }
        }
        List<Weekday> rows = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            DayOfWeek weekday = DayOfWeek.of(d + 1);
            rows.add(new Weekday(weekday.getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                    weekday.getDisplayName(TextStyle.SHORT, Locale.ENGLISH), java.util.Arrays.asList(grid[d])));
        }
        return new ActivityCalendar(studyTime.timezone(), weeks, rows, active, days, xp);
    }
}
