package dev.pylearn.web.challenge;

import dev.pylearn.api.submission.TestOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One test's verdict as the challenge page shows it. Hidden tests are masked here, whatever the
 * outcome carries: they are labelled "Hidden test n" and show neither message nor output.
 */
public record OutcomeRow(String label, boolean hidden, String status, String statusText, String message,
                         String output, long durationMs) {

    public static List<OutcomeRow> of(List<TestOutcome> outcomes) {
        List<OutcomeRow> rows = new ArrayList<>();
        int hidden = 0;
        for (TestOutcome outcome : outcomes) {
            if (outcome.hidden()) {
                hidden++;
                rows.add(new OutcomeRow("Hidden test " + hidden, true, outcome.status(), statusText(outcome.status()),
                        null, null, outcome.durationMs()));
            } else {
                rows.add(new OutcomeRow(outcome.name(), false, outcome.status(), statusText(outcome.status()),
                        blankToNull(outcome.message()), blankToNull(outcome.output()), outcome.durationMs()));
            }
        }
        return rows;
    }

    /** How many of the outcomes passed. */
    public static long passed(List<TestOutcome> outcomes) {
        return outcomes.stream().filter(o -> "passed".equals(o.status())).count();
    }

    /** The words the page (and its script, which has the same table) shows for a status. */
    public static String statusText(String status) {
        return switch (status == null ? "" : status.toLowerCase(Locale.ROOT)) {
            case "passed" -> "Passed";
            case "failed" -> "Failed";
            case "error" -> "Error";
            case "timeout" -> "Timed out";
            case "queued" -> "Waiting";
            case "running" -> "Running";
            default -> "Unknown";
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
