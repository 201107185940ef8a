package dev.pylearn.web.admin;

import dev.pylearn.api.learner.LearnerSummaryView;
import dev.pylearn.web.form.FormErrors;
import java.util.List;

/**
 * The learners page: what was searched for, what was found (null before a search) and what was wrong
 * with the search; and, after an action on one learner ({@code actedOn}), its outcome: a notice, or
 * errors by field ({@code amount}, {@code reason}) or for the card as a whole, with what was typed.
 */
public record LearnerSearchPage(String username, List<LearnerSummaryView> learners, FormErrors errors,
                                String actedOn, String notice, FormErrors actionErrors, String amount,
                                String reason) {

    public LearnerSearchPage(String username, List<LearnerSummaryView> learners, FormErrors errors) {
        this(username, learners, errors, null, null, FormErrors.NONE, "", "");
    }

    public boolean searched() {
        return learners != null;
    }

    /** The outcome for this learner's card, if the last action was on it. */
    public boolean actedOn(String learnerId) {
        return learnerId.equals(actedOn);
    }
}
