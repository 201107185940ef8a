package dev.pylearn.command.tutor;

import dev.pylearn.api.tutor.TutorAskResult;

/**
 * A question refused because the learner's questions of the day are used up: answered with 429 and
 * a problem document carrying the limit, the remaining count (0) and when the count resets.
 */
public class TutorLimitReached extends RuntimeException {

    private final transient TutorAskResult result;

    public TutorLimitReached(TutorAskResult result) {
        super("You have asked the tutor " + result.limit() + " questions today, the daily limit of the " + result.plan()
                + " plan; the count starts again at " + result.resetAt() + ".", null, false, false);
        this.result = result;
    }

    public TutorAskResult result() {
        return result;
    }
}
