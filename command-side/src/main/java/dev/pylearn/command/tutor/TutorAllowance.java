package dev.pylearn.command.tutor;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.pylearn.api.Rejection;
import dev.pylearn.api.tutor.AskTutor;
import dev.pylearn.api.tutor.RecordTutorAnswer;
import dev.pylearn.api.tutor.RecordTutorFailure;
import dev.pylearn.api.tutor.TutorAskResult;
import dev.pylearn.api.tutor.TutorQuestionAnswered;
import dev.pylearn.api.tutor.TutorQuestionAsked;
import dev.pylearn.api.tutor.TutorQuestionFailed;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventsourcing.EventSourcingHandler;

/**
 * The learner's tutor questions of their current local day, part of the {@code Learner} aggregate
 * (an {@code @AggregateMember}): the learner's plan and time zone decide the limit and the day, and
 * one aggregate per learner makes the count exact under concurrent questions (commands on one
 * learner are serialized, and a second node's conflicting append is refused by the event store and
 * retried). A question holds its place from the moment it is taken; a provider failure gives it back.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class TutorAllowance {

    public static final int MAX_QUESTION_CHARS = 2_000;
    public static final Set<String> CONTEXT_KINDS = Set.of("lesson", "challenge", "general");

    /** The local day {@link #used} counts for. */
    private LocalDate day;
    private int used;
    /** Questions taken and not yet answered or failed, by id: their conversation and the day they count for. */
    private final Map<String, Open> open = new HashMap<>();

    record Open(String conversationId, LocalDate day) {
    }

    public TutorAskResult ask(String learnerId, AskTutor command, boolean premium, ZoneId zone, TutorLimits limits) {
        validate(command);
        LocalDate today = LocalDate.ofInstant(command.at(), zone);
        int usedToday = today.equals(day) ? used : 0;
        int limit = limits.dailyLimit(premium);
        String plan = premium ? "premium" : "free";
        Instant resetAt = today.plusDays(1).atStartOfDay(zone).toInstant();
        if (open.containsKey(command.questionId())) {
            // the same question sent again (a retried request): taken once
            return new TutorAskResult(true, command.questionId(), command.conversationId(), limit,
                    Math.max(0, limit - usedToday), resetAt, plan);
        }
        if (usedToday >= limit) {
            return new TutorAskResult(false, command.questionId(), command.conversationId(), limit, 0, resetAt, plan);
        }
        apply(new TutorQuestionAsked(learnerId, command.questionId(), command.conversationId(), command.contextKind(),
                command.contextId(), command.question().strip(), today, plan, limit, command.at()));
        return new TutorAskResult(true, command.questionId(), command.conversationId(), limit,
                limit - usedToday - 1, resetAt, plan);
    }

    /** False when the question is not open (unknown, or its outcome already recorded): nothing happens. */
    public boolean answer(RecordTutorAnswer command) {
        Open question = open.get(command.questionId());
        if (question == null) {
            return false;
        }
        if (command.tokensIn() < 0 || command.tokensOut() < 0 || command.latencyMs() < 0) {
            throw Rejection.invalid("invalid-tutor-usage", "Token counts and latency cannot be negative.");
        }
        apply(new TutorQuestionAnswered(command.learnerId(), command.questionId(), question.conversationId(),
                command.answer() == null ? "" : command.answer(), command.provider(), command.model(),
                command.tokensIn(), command.tokensOut(), command.latencyMs(), question.day(), command.at()));
        return true;
    }

    /** False when the question is not open: a failure recorded twice gives its place back once. */
    public boolean fail(RecordTutorFailure command) {
        Open question = open.get(command.questionId());
        if (question == null) {
            return false;
        }
        apply(new TutorQuestionFailed(command.learnerId(), command.questionId(), question.conversationId(),
                command.provider(), command.reason(), Math.max(0, command.latencyMs()), question.day(), command.at()));
        return true;
    }

    private static void validate(AskTutor command) {
        if (command.question() == null || command.question().isBlank()) {
            throw Rejection.invalid("missing-question", "'question' is required: what you want to ask the tutor.");
        }
        if (command.question().length() > MAX_QUESTION_CHARS) {
            throw Rejection.invalid("question-too-long", "The question has " + command.question().length()
                    + " characters; at most " + MAX_QUESTION_CHARS + " are accepted.");
        }
        if (!CONTEXT_KINDS.contains(command.contextKind())) {
            throw Rejection.invalid("unknown-tutor-context", "The context must be lesson, challenge or general, not '"
                    + command.contextKind() + "'.");
        }
        if (command.questionId() == null || command.questionId().isBlank() || command.conversationId() == null
                || command.conversationId().isBlank()) {
            throw Rejection.invalid("missing-question-id", "A question needs a question id and a conversation id.");
        }
    }

    @EventSourcingHandler
    void on(TutorQuestionAsked event) {
        if (!event.day().equals(day)) {
            day = event.day();
            used = 0;
        }
        used++;
        open.put(event.questionId(), new Open(event.conversationId(), event.day()));
    }

    @EventSourcingHandler
    void on(TutorQuestionAnswered event) {
        open.remove(event.questionId());
    }

    @EventSourcingHandler
    void on(TutorQuestionFailed event) {
        open.remove(event.questionId());
        if (event.day().equals(day) && used > 0) {
            used--;
        }
    }
}
