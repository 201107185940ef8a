package dev.pylearn.query.tutor;

import dev.pylearn.api.Rejection;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A keyset cursor, {@code <ISO instant>~<id>}: the last row of a page, from which the next page goes
 * on. Readable on purpose; a forged one can only show the caller's own rows.
 */
public record TutorCursor(Instant at, String id) {

    public static String of(Instant at, String id) {
        return at + "~" + id;
    }

    /** Null for no cursor; a 400 for one that is not of this form. */
    public static TutorCursor parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int split = text.indexOf('~');
        try {
            if (split > 0 && split < text.length() - 1) {
                return new TutorCursor(Instant.parse(text.substring(0, split)), text.substring(split + 1));
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw Rejection.invalid("invalid-cursor", "'before' must be the 'next' value of a previous page.");
    }
}
