package dev.pylearn.query.forum;

import dev.pylearn.api.Rejection;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;

/**
 * A keyset position (a time and an id) as the opaque string clients hand back for the next page.
 * Anything that does not decode to one is 400 {@code malformed-cursor}, never a 500 or a silent first page.
 */
record Cursor(Instant at, String id) {

    String encode() {
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    Timestamp timestamp() {
        return Timestamp.from(at);
    }

    static Cursor after(Timestamp at, String id) {
        return new Cursor(at.toInstant(), id);
    }

    /** Null for a null or empty cursor (the first page). */
    static Cursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            if (cursor.length() > 400) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            if (bar <= 0 || bar == text.length() - 1) {
                throw new IllegalArgumentException("no separator");
            }
            long micros = Long.parseLong(text.substring(0, bar));
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new Cursor(at, text.substring(bar + 1));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw Rejection.invalid("malformed-cursor", "The paging cursor is not one this API gave out; "
                    + "start again from the first page (no 'cursor').");
        }
    }
}
