package dev.pylearn.command.learner;

import dev.pylearn.api.Rejection;
import java.text.Normalizer;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a learner's identity must look like. Usernames are 3-32 letters, digits, '.', '_' or '-'
 * (they appear in URLs and leaderboards). Display names are shown to everyone, so they may not
 * hide anything: no control or formatting characters (zero-width characters, bidi overrides), no
 * blank look-alikes, no towers of combining marks. Time zones are IANA region ids such as
 * Europe/Berlin, or UTC, because a fixed offset would count streak days wrong after the next DST
 * change. The controllers check input with these rules before they spend a password hash on it.
 */
public final class LearnerRules {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,32}");
    static final int MAX_DISPLAY_NAME = 64;
    /** More combining marks than this on one character is "Zalgo" text that spills over its neighbours. */
    private static final int MAX_MARKS = 3;

    /**
     * Region ids by their lower-case spelling. Only {@code Area/Location} ids: that leaves out every
     * fixed offset ({@code +02:00}, {@code UTC+2}, {@code GMT+2}, {@code Z}) and the {@code Etc/}
     * area, whose {@code Etc/GMT-2} means UTC+2 (the POSIX sign, the opposite of what people read).
     * UTC is the one offset allowed, spelled {@code UTC} or {@code Etc/UTC} (what Linux reports)
     * and stored as {@code UTC}: it has no summer time to get wrong, and it is the default. GMT is
     * refused, because people who write it usually mean London's time, which has summer time.
     */
    private static final Map<String, String> TIME_ZONES = new HashMap<>();

    static {
        for (String id : ZoneId.getAvailableZoneIds()) {
            if (id.indexOf('/') > 0 && !id.startsWith("Etc/") && !id.startsWith("SystemV/")) {
                TIME_ZONES.put(id.toLowerCase(Locale.ROOT), id);
            }
        }
        TIME_ZONES.put("utc", "UTC");
        TIME_ZONES.put("etc/utc", "UTC");
    }

    private LearnerRules() {
    }

    public static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw Rejection.invalid("invalid-username",
                    "The username must be 3 to 32 characters: letters, digits, '.', '_' or '-'.");
        }
        return username;
    }

    /** The display name to register with: the username when none is given. */
    public static String displayName(String displayName, String username) {
        if (displayName == null || displayName.isBlank()) {
            return username;
        }
        return displayName(displayName);
    }

    /**
     * A display name, stripped, in Unicode NFC and with runs of spaces made one; refused when it is
     * blank, longer than 64 characters, or holds a character that is invisible or controls layout.
     */
    public static String displayName(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            throw Rejection.invalid("invalid-display-name", "A display name is required.");
        }
        String name = Normalizer.normalize(displayName.strip(), Normalizer.Form.NFC).replaceAll(" {2,}", " ");
        if (name.codePointCount(0, name.length()) > MAX_DISPLAY_NAME) {
            throw Rejection.invalid("invalid-display-name",
                    "The display name must be at most " + MAX_DISPLAY_NAME + " characters long.");
        }
        int marks = 0;
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (invisible(c)) {
                throw Rejection.invalid("invalid-display-name", String.format(
                        "The display name may not contain invisible, control or layout characters (U+%04X).", c));
            }
            int type = Character.getType(c);
            boolean mark = type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            marks = mark ? marks + 1 : 0;
            if (mark && (i == Character.charCount(c) || marks > MAX_MARKS)) {
                throw Rejection.invalid("invalid-display-name",
                        "The display name may not start with a combining mark or stack more than " + MAX_MARKS
                                + " of them on one character.");
            }
        }
        return name;
    }

    /**
     * Characters that show nothing, or change how the text around them shows: controls (C0, C1),
     * formatting characters (zero-width space and joiners, bidi embeddings, overrides and isolates,
     * the BOM, tags), line and paragraph separators, spaces other than U+0020 (no-break, em, ideographic,
     * ...), unassigned, private-use and lone surrogate code points, and the letters and symbols that
     * render blank (Hangul fillers, the blank Braille pattern, the combining grapheme joiner,
     * Mongolian and the supplementary variation selectors).
     */
    static boolean invisible(int c) {
        if (c == ' ') {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR, Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> {
                return true;
            }
            default -> {
                return c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5
                        || (c >= 0x180B && c <= 0x180F) || c == 0x2800 || c == 0x3164 || c == 0xFFA0
                        || (c >= 0xE0100 && c <= 0xE01EF);
            }
        }
    }

    /** The zone of an IANA region id (any letter case), or UTC; fixed offsets are refused. */
    public static ZoneId timezone(String timezone) {
        String id = timezone == null ? null : TIME_ZONES.get(timezone.strip().toLowerCase(Locale.ROOT));
        if (id == null) {
            throw Rejection.invalid("invalid-timezone", "'" + timezone + "' is not a time zone region such as "
                    + "'Europe/Berlin' or 'America/New_York' (or 'UTC'). Fixed offsets such as '+02:00', 'UTC+2', "
                    + "'GMT' or 'Etc/GMT-2' are refused: they would count your days wrong when summer time changes.");
        }
        return ZoneId.of(id);
    }
}
