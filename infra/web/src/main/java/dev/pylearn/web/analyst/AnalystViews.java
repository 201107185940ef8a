package dev.pylearn.web.analyst;

import java.util.Map;

/** What each analyst view holds, as its SQL comment (V8) says, for the page's list. */
public final class AnalystViews {

    public static final Map<String, String> DESCRIPTIONS = Map.of(
            "challenge-pass-rates", "Per challenge: learners who submitted, learners who passed, pass rate, attempts "
                    + "needed to pass (mean, median), submissions.",
            "daily-activity", "One row per learner and local day (learner's time zone) with activity: XP earned, first "
                    + "lesson completions, first challenge passes, code submissions.",
            "track-funnels", "Per track: learners who completed at least one lesson (started), at least half "
                    + "(halfway), all (finished).",
            "tutor-usage", "Per learners' local day, tutor provider and plan: questions asked, answered, failed (not "
                    + "counted against the limit), learners, tokens in and out, mean and 95th-percentile latency of "
                    + "answers.",
            "weekly-active-learners", "Per ISO week (of learners' local days): learners with any activity, and what "
                    + "they did.");

    private AnalystViews() {
    }
}
