package dev.pylearn.web.challenge;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Submission times on the page: written in UTC by the server (the page needs no lookup of the
 * learner's zone), in a {@code <time datetime>} that the page's script shows in the browser's zone.
 */
public final class When {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private When() {
    }

    public static String shown(Instant at) {
        return at == null ? "" : SHOWN.format(at);
    }

    public static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }
}
