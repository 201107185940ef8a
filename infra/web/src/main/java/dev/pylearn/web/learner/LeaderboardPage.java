package dev.pylearn.web.learner;

import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.api.leaderboard.LeaderboardView;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A leaderboard as the page shows it: the board (all-time, or one ISO week with the weeks around it
 * to pick from), its top entries, and where the viewer stands (null when logged out, a null rank
 * while they have no XP on the board). {@code viewerId} marks the viewer's own row.
 */
public record LeaderboardPage(LeaderboardView board, boolean weekly, IsoWeek week, IsoWeek currentWeek, int limit,
                              String viewerId, Long myRank, long myXp) {

    /** Weeks offered by the picker: the current one and the ones before it. */
    public static final int PICKER_WEEKS = 12;

    /** A week to pick: its value ({@code 2026-W48}) and how it reads ({@code 2026-W48, 23–29 Nov}). */
    public record WeekOption(String value, String label, boolean selected) {
    }

    public boolean loggedIn() {
        return viewerId != null;
    }

    public boolean isMe(LeaderboardView.Entry entry) {
        return entry.learnerId().equals(viewerId);
    }

    /** The viewer has a rank but is not among the entries shown. */
    public boolean meBelowTop() {
        return myRank != null && board.entries().stream().noneMatch(this::isMe);
    }

    public String weekLabel() {
        return label(week);
    }

    public String previousWeek() {
        return value(monday(week).minusWeeks(1));
    }

    /** The week after, or null when this is the current week (no board exists for the future). */
    public String nextWeek() {
        return week.equals(currentWeek) ? null : value(monday(week).plusWeeks(1));
    }

    public List<WeekOption> weekOptions() {
        List<WeekOption> options = new ArrayList<>();
        LocalDate monday = monday(currentWeek);
        boolean listed = false;
        for (int i = 0; i < PICKER_WEEKS; i++) {
            IsoWeek option = new IsoWeek(value(monday.minusWeeks(i)));
            listed |= option.equals(week);
            options.add(new WeekOption(option.value(), label(option), option.equals(week)));
        }
        if (!listed) {
            options.add(new WeekOption(week.value(), label(week), true));
        }
        return options;
    }

    static LocalDate monday(IsoWeek week) {
        String[] parts = week.value().split("-W");
        return LocalDate.of(Integer.parseInt(parts[0]), 6, 1)
                .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(parts[1]))
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    static String value(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    static String label(IsoWeek week) {
        LocalDate monday = monday(week);
        LocalDate sunday = monday.plusDays(6);
        DateTimeFormatter dayMonth = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
        return week.value() + ", " + monday.format(dayMonth) + " – " + sunday.format(dayMonth);
    }
}
