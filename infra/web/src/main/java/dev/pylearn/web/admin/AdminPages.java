package dev.pylearn.web.admin;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.FindLearners;
import dev.pylearn.api.learner.LearnerSummaryView;
import dev.pylearn.query.web.Queries;
import dev.pylearn.web.form.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The admin pages (ADMIN only, see the security configuration): a home linking the tools, the
 * projections table and the learner search. The pages are rendered on the server; their buttons
 * call the existing admin JSON API from small scripts ({@code assets/admin-*.js}).
 */
@Controller
class AdminPages {

    private static final int RESULTS = 20;

    private final ProjectionBoard board;
    private final Queries queries;

    AdminPages(ProjectionBoard board, Queries queries) {
        this.board = board;
        this.queries = queries;
    }

    @GetMapping("/admin")
    String home() {
        return "admin/home";
    }

    @GetMapping("/admin/projections")
    String projections(Model model) {
        model.addAttribute("projections", board.projections());
        return "admin/projections";
    }

    /** Without {@code username} the empty search form; with it, the matches (or the refusal next to the field). */
    @GetMapping("/admin/learners")
    String learners(@RequestParam(required = false) String username, @RequestParam(required = false) String learner,
                    @RequestParam(required = false) String done, Model model, HttpServletResponse response) {
        if (username == null) {
            model.addAttribute("search", new LearnerSearchPage("", null, FormErrors.NONE));
            return "admin/learners";
        }
        try {
            List<LearnerSummaryView> found = queries.many(new FindLearners(username, RESULTS), LearnerSummaryView.class);
            String notice = done == null ? null : LearnerActions.NOTICES.get(done);
            model.addAttribute("search", new LearnerSearchPage(username, found, FormErrors.NONE,
                    notice == null ? null : learner, notice, FormErrors.NONE, "", ""));
        } catch (Rejection refused) {
            response.setStatus(refused.kind().status());
            model.addAttribute("search", new LearnerSearchPage(username, null,
                    FormErrors.of(refused, Map.of("invalid-username-prefix", "username"))));
        }
        return "admin/learners";
    }
}
