package dev.pylearn.web.learner;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as the learner pages write them: {@code 28 Nov 2026}, in UTC (the pages know no zone without a lookup). */
public final class Dates {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Dates() {
    }

    public static String day(Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }
}
