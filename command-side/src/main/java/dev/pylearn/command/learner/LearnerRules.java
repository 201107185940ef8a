package dev.pylearn.command.learner;

import dev.pylearn.api.Rejection;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

/**
 * What a learner's identity must look like. Usernames are 3-32 letters, digits, '.', '_' or '-'
 * (they appear in URLs and leaderboards); time zones are IANA region ids such as Europe/Berlin, or UTC,
 * because a fixed offset would count streak days wrong after the next DST change.
 */
final class LearnerRules {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,32}");

    private LearnerRules() {
    }

    static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw Rejection.invalid("invalid-username",
                    "The username must be 3 to 32 characters: letters, digits, '.', '_' or '-'.");
        }
        return username;
    }

    static String displayName(String displayName, String username) {
        if (displayName == null || displayName.isBlank()) {
            return username;
        }
        String trimmed = displayName.strip();
        if (trimmed.length() > 64 || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw Rejection.invalid("invalid-display-name",
                    "The display name must be at most 64 characters, without control characters.");
        }
        return trimmed;
    }

    static ZoneId timezone(String timezone) {
        try {
            ZoneId zone = ZoneId.of(timezone);
            if (zone instanceof ZoneOffset && !zone.equals(ZoneOffset.UTC)) {
                throw new DateTimeException("fixed offset");
            }
            return zone;
        } catch (DateTimeException | NullPointerException e) {
            throw Rejection.invalid("invalid-timezone",
                    "'" + timezone + "' is not an IANA time zone such as 'Europe/Berlin' or 'UTC'.");
        }
    }
}
