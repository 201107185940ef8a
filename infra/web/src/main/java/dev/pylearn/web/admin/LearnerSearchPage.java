package dev.pylearn.web.admin;

import dev.pylearn.api.learner.LearnerSummaryView;
import dev.pylearn.web.form.FormErrors;
import java.util.List;

/** The learners page: what was searched for, what was found (null before a search) and what was wrong. */
public record LearnerSearchPage(String username, List<LearnerSummaryView> learners, FormErrors errors) {

    public boolean searched() {
        return learners != null;
    }
}
