package dev.pylearn.query.forum;

import dev.pylearn.api.Rejection;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in a ranked search, as the opaque string clients hand back for the next page: the last
 * hit's rank and id (the keyset, ordered rank descending then id descending) and the candidate window
 * the first page ranked, so every page ranks the same candidates: matches written up to {@code to}, and,
 * when the first page's window was full, none older than its oldest ({@code fromAt}, {@code fromId}).
 * The rank travels as its exact bits (a {@code real}), so the comparison with the next page's ranks is
 * exact. Anything that does not decode to one is 400 {@code malformed-cursor}.
 */
record SearchCursor(float rank, String id, Instant to, Instant fromAt, String fromId) {

    private static final String VERSION = "r1";

    String encode() {
        String text = String.join("|", VERSION, Integer.toHexString(Float.floatToIntBits(rank)), Long.toString(micros(to)),
                fromAt == null ? "" : Long.toString(micros(fromAt)), fromId == null ? "" : fromId, id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    Timestamp toTimestamp() {
        return Timestamp.from(to);
    }

    Timestamp fromTimestamp() {
        return fromAt == null ? null : Timestamp.from(fromAt);
    }

    /** Null for a null or empty cursor (the first page). */
    static SearchCursor decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            if (cursor.length() > 600) {
                throw new IllegalArgumentException("too long");
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 6);
            if (parts.length != 6 || !VERSION.equals(parts[0]) || parts[5].isEmpty()
                    || parts[3].isEmpty() != parts[4].isEmpty()) {
                throw new IllegalArgumentException("not a search cursor");
            }
            float rank = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[1], 16));
            if (Float.isNaN(rank) || rank < 0) {
                throw new IllegalArgumentException("bad rank");
            }
            return new SearchCursor(rank, parts[5], instant(parts[2]), parts[3].isEmpty() ? null : instant(parts[3]),
                    parts[4].isEmpty() ? null : parts[4]);
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw Rejection.invalid("malformed-cursor", "The paging cursor is not one this API gave out; "
                    + "start again from the first page (no 'cursor').");
        }
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static Instant instant(String micros) {
        long value = Long.parseLong(micros);
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
    }
}
