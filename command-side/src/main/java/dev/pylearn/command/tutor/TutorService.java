package dev.pylearn.command.tutor;

import dev.pylearn.api.tutor.AskTutor;
import dev.pylearn.api.tutor.RecordTutorAnswer;
import dev.pylearn.api.tutor.RecordTutorFailure;
import dev.pylearn.api.tutor.TutorAskResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Asks the tutor, for the JSON API and the pages alike: builds the question's material
 * ({@link TutorContexts}), takes a place of the learner's day ({@code AskTutor} on the Learner,
 * refused with {@link TutorLimitReached}), then has the configured {@link TutorModel} answer on a
 * thread of its own, handing the pieces to a {@link Listener} as they come. The outcome is recorded
 * whatever the listener does (a browser may leave): {@code RecordTutorAnswer} with its usage, or, when
 * the provider fails or takes longer than {@code pylearn.tutor.timeout}, {@code RecordTutorFailure},
 * which gives the place back.
 */
@Service
public class TutorService {

    private static final Logger log = LoggerFactory.getLogger(TutorService.class);

    /** What a caller hears of an answer being made. Calls come from the tutor's thread. */
    public interface Listener {

        void token(String text);

        void answered(TutorReply reply, long latencyMs);

        void failed(String message);
    }

    /** A question taken: its ids and what is left of the day. */
    public record Asked(String questionId, String conversationId, String contextKind, String contextId,
                        TutorAskResult allowance, String provider) {
    }

    private final CommandGateway commands;
    private final TutorContexts contexts;
    private final TutorModel model;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration timeout;
    private final ExecutorService answering;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "tutor-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /** Public for tests that ask through another model (a failing one, a fake provider). */
    public TutorService(CommandGateway commands, TutorContexts contexts, TutorModel model, JdbcClient jdbc, Clock clock,
                 MeterRegistry meters, @Value("${pylearn.tutor.timeout:60s}") Duration timeout,
                 @Value("${pylearn.tutor.concurrency:16}") int concurrency) {
        this.commands = commands;
        this.contexts = contexts;
        this.model = model;
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
        this.timeout = timeout;
        this.answering = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread thread = new Thread(r, "tutor-answer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        answering.shutdownNow();
        deadlines.shutdownNow();
    }

    public String provider() {
        return model.provider();
    }

    /**
     * Takes the question or throws: {@link dev.pylearn.api.Rejection} for bad input or an unknown lesson,
     * challenge or context (nothing counted), {@link TutorLimitReached} when the day's questions are used
     * up. A follow-up names its {@code conversationId}; the conversation keeps the context it began with.
     */
    public Asked ask(String learnerId, String conversationId, String contextKind, String contextId, String question,
                     Listener listener) {
        String kind = contextKind == null || contextKind.isBlank() ? "general" : contextKind;
        String context = "general".equals(kind) ? null : contextId;
        String conversation = conversationId == null || conversationId.isBlank() ? UUID.randomUUID().toString()
                : conversationId.strip();
        if (conversation.length() > 64) {
            throw dev.pylearn.api.Rejection.invalid("invalid-conversation-id", "A conversation id has at most 64 characters.");
        }
        Optional<String[]> existing = conversationContext(learnerId, conversation);
        if (existing.isPresent()) {
            kind = existing.get()[0];
            context = existing.get()[1];
        } else if (!"general".equals(kind) && (context == null || context.isBlank())) {
            throw dev.pylearn.api.Rejection.invalid("missing-context-id",
                    "A question about a " + kind + " names it: 'contextId' is required.");
        }
        if (question != null && !question.isBlank() && TutorAllowance.CONTEXT_KINDS.contains(kind)) {
            contexts.requireContext(kind, context);
        }
        String questionId = UUID.randomUUID().toString();
        TutorAskResult allowance = commands.sendAndWait(new AskTutor(learnerId, questionId, conversation, kind, context,
                question, clock.instant()));
        if (!allowance.accepted()) {
            meters.counter("pylearn.tutor.questions", "provider", model.provider(), "outcome", "refused").increment();
            throw new TutorLimitReached(allowance);
        }
        TutorPrompt prompt = contexts.build(learnerId, kind, context, conversation, question);
        answer(learnerId, questionId, prompt, listener);
        return new Asked(questionId, conversation, kind, context, allowance, model.provider());
    }

    private Optional<String[]> conversationContext(String learnerId, String conversationId) {
        return jdbc.sql("SELECT context_kind, context_id FROM tutor_conversation WHERE learner_id = ? AND conversation_id = ?")
                .params(learnerId, conversationId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .optional();
    }

    private void answer(String learnerId, String questionId, TutorPrompt prompt, Listener listener) {
        AtomicBoolean settled = new AtomicBoolean();
        long started = System.nanoTime();
        AtomicReference<Future<?>> running = new AtomicReference<>();
        Runnable work = () -> {
            TutorReply reply;
            try {
                reply = model.answer(prompt, piece -> {
                    if (!settled.get()) {
                        listener.token(piece);
                    }
                });
            } catch (Exception | LinkageError e) {
                settle(settled, () -> failed(learnerId, questionId, listener, started, reason(e)));
                return;
            }
            settle(settled, () -> answered(learnerId, questionId, listener, started, reply));
        };
        try {
            running.set(answering.submit(work));
        } catch (RuntimeException rejected) {
            settle(settled, () -> failed(learnerId, questionId, listener, started, "The tutor is shutting down."));
            return;
        }
        deadlines.schedule(() -> settle(settled, () -> {
            running.get().cancel(true);
            failed(learnerId, questionId, listener, started,
                    "The tutor took longer than " + timeout.toSeconds() + " s to answer.");
        }), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void settle(AtomicBoolean settled, Runnable outcome) {
        if (settled.compareAndSet(false, true)) {
            outcome.run();
        }
    }

    private void answered(String learnerId, String questionId, Listener listener, long started, TutorReply reply) {
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        try {
            commands.sendAndWait(new RecordTutorAnswer(learnerId, questionId, reply.text(), reply.provider(),
                    reply.model(), reply.tokensIn(), reply.tokensOut(), latency, clock.instant()));
        } catch (RuntimeException e) {
            log.error("Recording the tutor's answer to question {} failed", questionId, e);
            listener.failed("The answer could not be saved; please ask again.");
            return;
        }
        meters.counter("pylearn.tutor.questions", "provider", reply.provider(), "outcome", "answered").increment();
        DistributionSummary.builder("pylearn.tutor.tokens").tag("provider", reply.provider()).tag("direction", "in")
                .register(meters).record(reply.tokensIn());
        DistributionSummary.builder("pylearn.tutor.tokens").tag("provider", reply.provider()).tag("direction", "out")
                .register(meters).record(reply.tokensOut());
        Timer.builder("pylearn.tutor.latency").tag("provider", reply.provider()).tag("outcome", "answered")
                .register(meters).record(Duration.ofMillis(latency));
        listener.answered(reply, latency);
    }

    private void failed(String learnerId, String questionId, Listener listener, long started, String reason) {
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        try {
            commands.sendAndWait(new RecordTutorFailure(learnerId, questionId, model.provider(), reason, latency,
                    clock.instant()));
        } catch (RuntimeException e) {
            log.error("Recording the tutor's failure on question {} failed", questionId, e);
        }
        Counter.builder("pylearn.tutor.questions").tag("provider", model.provider()).tag("outcome", "failed")
                .register(meters).increment();
        Timer.builder("pylearn.tutor.latency").tag("provider", model.provider()).tag("outcome", "failed")
                .register(meters).record(Duration.ofMillis(latency));
        listener.failed("The tutor could not answer just now (" + reason + "). This question was not counted "
                + "against your daily limit; please try again in a moment.");
    }

    private String reason(Throwable e) {
        log.warn("The {} tutor failed: {}", model.provider(), e.toString());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof InterruptedException) {
            return "time-out";
        }
        String message = root.getClass().getSimpleName();
        return "the " + model.provider() + " provider failed: " + message;
    }
}
