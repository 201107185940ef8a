package dev.pylearn.web.analyst;

import dev.pylearn.api.analytics.AnalystPreviewView;
import dev.pylearn.api.analytics.FindAnalystPreview;
import dev.pylearn.query.web.Queries;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /analyst} (ANALYST or ADMIN): the analyst views, the chosen one's first rows as a table (one
 * statement), and a link to its CSV export ({@code /api/analytics/<view>.csv}, the same stream as
 * the API's). An unknown view is the API's 404, shown as a page.
 */
@Controller
class AnalystPages {

    static final int PREVIEW_ROWS = 10;
    static final String FIRST_VIEW = "challenge-pass-rates";

    private final Queries queries;

    AnalystPages(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/analyst")
    String analyst(@RequestParam(defaultValue = FIRST_VIEW) String view, Model model) {
        AnalystPreviewView preview = queries.one(new FindAnalystPreview(view, PREVIEW_ROWS), AnalystPreviewView.class)
                .orElseThrow();
        model.addAttribute("preview", preview);
        model.addAttribute("descriptions", AnalystViews.DESCRIPTIONS);
        return "analyst/views";
    }
}
