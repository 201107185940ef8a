package dev.pylearn.web.challenge;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.challenge.ChallengePageView;
import dev.pylearn.api.challenge.FindChallengePage;
import dev.pylearn.command.submission.SubmissionIntake;
import dev.pylearn.query.web.Queries;
import dev.pylearn.web.form.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The challenge page: statement, editor, visible tests, and the learner's own submissions with their
 * verdicts; one query ({@link FindChallengePage}). With JavaScript the page submits through the JSON
 * API and follows the verdict live; without it, the editor is a plain text area in a form posted here,
 * which submits through the same {@link SubmissionIntake} and comes back to the page with that
 * submission opened (reload to see its verdict).
 */
@Controller
class ChallengePages {

    /** Earlier submissions listed on the page. */
    static final int SUBMISSIONS_SHOWN = 10;

    private static final Map<String, String> FIELDS = Map.of("missing-code", "code", "code-too-large", "code");

    private final Queries queries;
    private final SubmissionIntake intake;

    ChallengePages(Queries queries, SubmissionIntake intake) {
        this.queries = queries;
        this.intake = intake;
    }

    @GetMapping("/challenges/{challengeId}")
    String challenge(@PathVariable String challengeId, @RequestParam(required = false) String submission,
                     Principal viewer, Model model) {
        ChallengePageView page = page(challengeId, viewer);
        String code = page.latest() != null && page.latest().code() != null ? page.latest().code()
                : page.challenge().starterCode();
        fill(model, page, code, submission, FormErrors.NONE);
        return "challenge/challenge";
    }

    @PostMapping("/challenges/{challengeId}/submissions")
    CompletableFuture<String> submit(@PathVariable String challengeId, @RequestParam(defaultValue = "") String code,
                                     Principal viewer, HttpServletResponse response, Model model) {
        if (viewer == null) {
            return CompletableFuture.completedFuture("redirect:" + UriComponentsBuilder.fromPath("/login")
                    .queryParam("next", "/challenges/" + challengeId).encode().toUriString());
        }
        CompletableFuture<String> submitted;
        try {
            submitted = intake.submit(viewer.getName(), challengeId, code);
        } catch (RuntimeException refused) {
            submitted = CompletableFuture.failedFuture(refused);
        }
        return submitted.handle((submissionId, failure) -> {
            if (failure == null) {
                return "redirect:" + UriComponentsBuilder.fromPath("/challenges/{id}")
                        .queryParam("submission", submissionId).fragment("submission-" + submissionId)
                        .buildAndExpand(challengeId).encode().toUriString();
            }
            Rejection rejection = FormErrors.rejection(failure);
            response.setStatus(rejection.kind().status());
            if (rejection.retryAfterSeconds() != null) {
                response.setHeader("Retry-After", String.valueOf(rejection.retryAfterSeconds()));
            }
            fill(model, page(challengeId, viewer), code, null, FormErrors.of(failure, FIELDS));
            return "challenge/challenge";
        });
    }

    private ChallengePageView page(String challengeId, Principal viewer) {
        return queries.one(new FindChallengePage(challengeId, viewer == null ? null : viewer.getName(),
                        SUBMISSIONS_SHOWN), ChallengePageView.class)
                .orElseThrow(() -> Rejection.notFound("unknown-challenge",
                        "There is no challenge '" + challengeId + "'."));
    }

    private static void fill(Model model, ChallengePageView page, String code, String opened, FormErrors errors) {
        model.addAttribute("page", page);
        model.addAttribute("code", code);
        model.addAttribute("opened", opened);
        model.addAttribute("errors", errors);
    }
}
