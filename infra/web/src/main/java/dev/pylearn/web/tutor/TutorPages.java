package dev.pylearn.web.tutor;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.tutor.FindTutorHome;
import dev.pylearn.api.tutor.FindTutorMessages;
import dev.pylearn.api.tutor.FindTutorQuestionStatus;
import dev.pylearn.api.tutor.TutorHomeView;
import dev.pylearn.api.tutor.TutorMessagesView;
import dev.pylearn.command.tutor.TutorLimitReached;
import dev.pylearn.command.tutor.TutorReply;
import dev.pylearn.command.tutor.TutorService;
import dev.pylearn.query.tutor.TutorCursor;
import dev.pylearn.query.web.Queries;
import dev.pylearn.web.form.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The tutor's pages: {@code /tutor} (questions left today, conversations, a general question) and
 * {@code /tutor/conversations/{id}} (one conversation, newest first, keyset-paged), one query each.
 * The panel on lesson and challenge pages ({@code tutor/panel.jte}) streams answers through the JSON
 * API with JavaScript; without it, its form posts here: the answer is waited for, then the browser is
 * sent to the conversation (post-redirect-get).
 */
@Controller
class TutorPages {

    static final int PAGE = 20;
    private static final Map<String, String> FIELDS = Map.of("missing-question", "question", "question-too-long",
            "question", "tutor-daily-limit", "question", "unknown-tutor-context", "question", "missing-context-id",
            "question");

    private final Queries queries;
    private final TutorService tutor;
    private final Duration wait;

    TutorPages(Queries queries, TutorService tutor, @Value("${pylearn.tutor.timeout:60s}") Duration timeout) {
        this.queries = queries;
        this.tutor = tutor;
        this.wait = timeout.plusSeconds(5);
    }

    @GetMapping("/tutor")
    String home(@RequestParam(required = false) String before, Principal viewer, Model model) {
        fillHome(model, viewer, before, "", FormErrors.NONE);
        return "tutor/home";
    }

    @GetMapping("/tutor/conversations/{conversationId}")
    String conversation(@PathVariable String conversationId, @RequestParam(required = false) String before,
                        @RequestParam(required = false) Integer remaining, Principal viewer, Model model) {
        TutorCursor cursor = TutorCursor.parse(before);
        TutorMessagesView messages = queries.one(new FindTutorMessages(viewer.getName(), conversationId,
                cursor == null ? null : cursor.at(), cursor == null ? null : cursor.id(), PAGE),
                TutorMessagesView.class).orElseThrow();
        model.addAttribute("conversation", messages);
        model.addAttribute("remaining", remaining);
        model.addAttribute("older", before != null);
        return "tutor/conversation";
    }

    @PostMapping("/tutor/questions")
    String ask(@RequestParam(defaultValue = "") String question, @RequestParam(defaultValue = "general") String contextKind,
               @RequestParam(required = false) String contextId, @RequestParam(required = false) String conversationId,
               Principal viewer, HttpServletResponse response, Model model) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        TutorService.Asked asked;
        try {
            asked = tutor.ask(viewer.getName(), conversationId, contextKind, contextId, question,
                    new TutorService.Listener() {
                        @Override
                        public void token(String text) {
                            // the page shows the whole answer once it is recorded
                        }

                        @Override
                        public void answered(TutorReply reply, long latencyMs) {
                            outcome.complete("answered");
                        }

                        @Override
                        public void failed(String message) {
                            outcome.complete("failed");
                        }
                    });
        } catch (TutorLimitReached refused) {
            response.setStatus(429);
            fillHome(model, viewer, null, question, FormErrors.of(new Rejection(Rejection.Kind.TOO_MANY,
                    "tutor-daily-limit", "Daily tutor limit reached", refused.getMessage()), FIELDS));
            return "tutor/home";
        } catch (Rejection rejection) {
            response.setStatus(rejection.kind().status());
            fillHome(model, viewer, null, question, FormErrors.of(rejection, FIELDS));
            return "tutor/home";
        }
        try {
            outcome.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            awaitShown(viewer.getName(), asked.questionId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the conversation page shows the question as still being answered
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/tutor/conversations/{id}")
                .queryParam("remaining", asked.allowance().remaining()).fragment("q-" + asked.questionId())
                .buildAndExpand(asked.conversationId()).encode().toUriString();
    }

    /**
     * Waits (briefly, polling) until the tutor's projection shows the question's outcome, so the page
     * the browser is sent to has the answer: the outcome is recorded before this, and the projection
     * follows within milliseconds on this node.
     */
    private void awaitShown(String learnerId, String questionId) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            String status = queries.one(new FindTutorQuestionStatus(learnerId, questionId), String.class).orElse("");
            if (status.equals("answered") || status.equals("failed")) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private void fillHome(Model model, Principal viewer, String before, String question, FormErrors errors) {
        TutorCursor cursor = TutorCursor.parse(before);
        TutorHomeView home = queries.one(new FindTutorHome(viewer.getName(), cursor == null ? null : cursor.at(),
                cursor == null ? null : cursor.id(), PAGE), TutorHomeView.class).orElseThrow();
        model.addAttribute("home", home);
        model.addAttribute("question", question);
        model.addAttribute("errors", errors);
        model.addAttribute("older", before != null);
    }
}
