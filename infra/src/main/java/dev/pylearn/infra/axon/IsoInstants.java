package dev.pylearn.infra.axon;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads the ISO-8601 instants PyLearn stores (event time stamps, instants inside event payloads)
 * by position, without java.time's general formatter, which showed up as a third of a replay's
 * CPU. Anything not in the usual shape is left to {@link Instant#parse}, which also reports errors.
 */
final class IsoInstants {

    private IsoInstants() {
    }

    /**
     * Parses the ISO-8601 instants Axon writes ({@code 2026-11-26T01:04:09.055Z}, with 0 to 9
     * fraction digits) by position; anything else goes to {@link Instant#parse}.
     */
    static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || (length > 20 && (text.charAt(19) != '.' || length == 21 || length > 30))) {
            return Instant.parse(text);
        }
        try {
            long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)).toEpochDay();
            long seconds = day * 86_400 + digits(text, 11, 13) * 3_600L + digits(text, 14, 16) * 60L + digits(text, 17, 19);
            int nanos = 0;
            if (length > 20) {
                int fraction = length - 21;
                nanos = digits(text, 20, length - 1);
                for (int i = fraction; i < 9; i++) {
                    nanos *= 10;
                }
            }
            if (digits(text, 11, 13) > 23 || digits(text, 14, 16) > 59 || digits(text, 17, 19) > 59) {
                return Instant.parse(text);
            }
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            return Instant.parse(text); // reports what is wrong with the text
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeParseException("not a digit", text, i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

}
