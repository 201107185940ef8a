package dev.pylearn.command.forum;

import dev.pylearn.api.Rejection;
import java.util.regex.Pattern;

/** The limits of what learners and admins write in the forum, with the problems that refuse the rest. */
public final class ForumRules {

    public static final int MAX_BODY = 10_000;
    public static final int MAX_TITLE = 150;
    public static final int MAX_REASON = 500;
    private static final Pattern CATEGORY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private ForumRules() {
    }

    /** A post's Markdown, stripped of surrounding blank lines: 1 to {@link #MAX_BODY} characters. */
    public static String body(String body) {
        if (body == null || body.isBlank()) {
            throw Rejection.invalid("empty-post", "A post needs some text.");
        }
        String text = plain(body).strip();
        if (text.length() > MAX_BODY) {
            throw new Rejection(Rejection.Kind.TOO_LARGE, "post-too-long", "Post too long",
                    "A post may have at most " + MAX_BODY + " characters; this one has " + text.length() + ".");
        }
        return text;
    }

    public static String title(String title) {
        if (title == null || title.isBlank()) {
            throw Rejection.invalid("invalid-title", "A thread needs a title.");
        }
        String text = plain(title).strip();
        if (text.length() > MAX_TITLE) {
            throw Rejection.invalid("invalid-title", "A title may have at most " + MAX_TITLE + " characters.");
        }
        return text;
    }

    /** A moderator's reason, shown to learners: 1 to {@link #MAX_REASON} characters. */
    public static String reason(String reason) {
        if (reason == null || reason.isBlank() || reason.strip().length() > MAX_REASON) {
            throw Rejection.invalid("invalid-reason", "A reason of 1 to " + MAX_REASON + " characters is required; "
                    + "the learner is shown it.");
        }
        return plain(reason).strip();
    }

    /**
     * Refuses control characters other than tab and line breaks: PostgreSQL cannot store NUL in text, so
     * one accepted into an event would stop every read model that copies it, for good (a poison event).
     */
    public static String plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.getType(c) == Character.CONTROL && c != '\n' && c != '\r' && c != '\t') {
                throw Rejection.invalid("invalid-characters", "The text contains a control character (code "
                        + (int) c + "); remove it.");
            }
        }
        return text;
    }

    public static String categoryId(String id) {
        if (id == null || !CATEGORY_ID.matcher(id).matches()) {
            throw Rejection.invalid("invalid-category-id", "A category id is 1 to 64 lowercase letters, digits and "
                    + "dashes, starting with a letter or digit.");
        }
        return id;
    }
}
