package dev.pylearn.api.tutor;

import java.time.Instant;

/**
 * One question and its answer: {@code status} is asked (being answered), answered or failed (with a
 * message saying so, and it did not count against the limit). {@code answerHtml} is the answer's Markdown
 * rendered and sanitized (no script, event handler or script URL), null while there is none.
 */
public record TutorMessageView(String questionId, String question, String answer, String answerHtml, String status,
                               String provider, Instant askedAt, Instant answeredAt) {
}
