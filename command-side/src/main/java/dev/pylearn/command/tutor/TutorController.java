package dev.pylearn.command.tutor;

import dev.pylearn.api.tutor.TutorAskResult;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /api/tutor/questions}: the answer as a server-sent event stream. {@code accepted} comes
 * first (ids, the questions left today and when the count resets), then {@code token} events with
 * pieces of text (each a JSON string), then {@code answered} with the usage, or {@code failed} with a
 * message (a provider error or time-out, not counted). A question over the daily limit is a 429
 * problem with {@code limit}, {@code remaining} and {@code resetAt}, and Retry-After.
 */
@RestController
class TutorController {

    /** A question; {@code conversationId} continues a conversation, {@code contextKind} is lesson, challenge or general. */
    record QuestionRequest(String question, String contextKind, String contextId, String conversationId) {
    }

    private final TutorService tutor;

    TutorController(TutorService tutor) {
        this.tutor = tutor;
    }

    @PostMapping(value = "/api/tutor/questions", produces = {MediaType.TEXT_EVENT_STREAM_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<SseEmitter> ask(@RequestBody QuestionRequest request, Principal me) {
        // no time-out of its own: the tutor's deadline always ends the stream
        SseEmitter emitter = new SseEmitter(0L);
        StreamListener listener = new StreamListener(emitter);
        TutorService.Asked asked = tutor.ask(me.getName(), request.conversationId(), request.contextKind(),
                request.contextId(), request.question(), listener);
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("questionId", asked.questionId());
        accepted.put("conversationId", asked.conversationId());
        accepted.put("contextKind", asked.contextKind());
        accepted.put("contextId", asked.contextId());
        accepted.put("provider", asked.provider());
        accepted.put("limit", asked.allowance().limit());
        accepted.put("remaining", asked.allowance().remaining());
        accepted.put("resetAt", asked.allowance().resetAt().toString());
        listener.start(accepted);
        return ResponseEntity.ok()
                .header("X-Tutor-Remaining", String.valueOf(asked.allowance().remaining()))
                .header("X-Tutor-Reset", asked.allowance().resetAt().toString())
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .body(emitter);
    }

    @ExceptionHandler(TutorLimitReached.class)
    ResponseEntity<ProblemDetail> limitReached(TutorLimitReached refused) {
        TutorAskResult result = refused.result();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, refused.getMessage());
        problem.setType(URI.create("https://pylearn.dev/problems/tutor-daily-limit"));
        problem.setTitle("Daily tutor limit reached");
        problem.setProperty("plan", result.plan());
        problem.setProperty("limit", result.limit());
        problem.setProperty("remaining", result.remaining());
        problem.setProperty("resetAt", result.resetAt().toString());
        long retryAfter = Math.max(1, Duration.between(Instant.now(), result.resetAt()).toSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter))
                .header("X-Tutor-Remaining", "0")
                .header("X-Tutor-Reset", result.resetAt().toString())
                .body(problem);
    }

    /**
     * Forwards the tutor's pieces to the stream. Pieces may come before the controller has handed the
     * emitter back (an offline answer is quick): the emitter buffers them until then, and the
     * {@code accepted} event is sent first under the same lock.
     */
    static final class StreamListener implements TutorService.Listener {

        private final SseEmitter emitter;
        private final java.util.List<Runnable> early = new java.util.ArrayList<>();
        private boolean started;
        private boolean gone;

        StreamListener(SseEmitter emitter) {
            this.emitter = emitter;
        }

        synchronized void start(Map<String, Object> accepted) {
            send("accepted", accepted);
            started = true;
            early.forEach(Runnable::run);
            early.clear();
        }

        @Override
        public synchronized void token(String text) {
            later(() -> send("token", Map.of("text", text)));
        }

        @Override
        public synchronized void answered(TutorReply reply, long latencyMs) {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("provider", reply.provider());
            usage.put("model", reply.model());
            usage.put("tokensIn", reply.tokensIn());
            usage.put("tokensOut", reply.tokensOut());
            usage.put("latencyMs", latencyMs);
            later(() -> {
                send("answered", usage);
                emitter.complete();
            });
        }

        @Override
        public synchronized void failed(String message) {
            later(() -> {
                send("failed", Map.of("message", message));
                emitter.complete();
            });
        }

        private void later(Runnable step) {
            if (started) {
                step.run();
            } else {
                early.add(step);
            }
        }

        private void send(String name, Object data) {
            if (gone) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                // the client left; the answer is still recorded by the service
                gone = true;
            }
        }
    }
}
