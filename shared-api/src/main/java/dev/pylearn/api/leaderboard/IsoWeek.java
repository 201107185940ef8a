package dev.pylearn.api.leaderboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An ISO-8601 week in UTC, written like {@code 2026-W48}: the weekly leaderboard's period. */
public record IsoWeek(String value) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-W(\\d{2})");

    public static IsoWeek of(Instant instant) {
        LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        return new IsoWeek(String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
    }

    /** The week named by {@code text}, or null when it is not a valid ISO week. */
    public static IsoWeek parse(String text) {
        Matcher matcher = text == null ? null : FORMAT.matcher(text);
        if (matcher == null || !matcher.matches()) {
            return null;
        }
        int year = Integer.parseInt(matcher.group(1));
        int week = Integer.parseInt(matcher.group(2));
        LocalDate probe = LocalDate.of(year, 6, 1);
        if (week < 1 || week > probe.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
            return null;
        }
        return new IsoWeek(text);
    }
}
