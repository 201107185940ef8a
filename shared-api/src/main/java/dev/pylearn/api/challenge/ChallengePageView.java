package dev.pylearn.api.challenge;

import dev.pylearn.api.submission.SubmissionView;
import java.util.List;

/**
 * A challenge, the title of its track (for the page's breadcrumbs) and the viewer's own submissions of
 * it, newest first (the latest holds their last code).
 */
public record ChallengePageView(ChallengeView challenge, String trackTitle, List<SubmissionView> submissions) {

    /** The learner's latest submission, or null when they have none. */
    public SubmissionView latest() {
        return submissions.isEmpty() ? null : submissions.get(0);
    }
}
