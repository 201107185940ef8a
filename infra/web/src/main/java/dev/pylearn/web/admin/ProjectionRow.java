package dev.pylearn.web.admin;

/**
 * One projection in the projections page's table, as {@code GET /api/admin/projections} reports it:
 * {@code progressPercent}/{@code etaSeconds} are the running replay's or rebuild's (null when neither
 * runs), {@code rebuildPhase} the blue-green rebuild's phase (null when none is in flight).
 */
public record ProjectionRow(String name, String status, boolean replayable, Long position, long head, long lagEvents,
                            double lagSeconds, double eventsPerSecond, Double progressPercent, Double etaSeconds,
                            String rebuildPhase, long deadLetters, String lastOperation) {

    public String positionText() {
        return (position == null ? "none" : position.toString()) + " / " + head;
    }

    public String lagText() {
        return lagEvents + " events" + (lagSeconds > 0 ? ", " + seconds(lagSeconds) : "");
    }

    public String etaText() {
        return etaSeconds == null ? "" : seconds(etaSeconds);
    }

    public boolean rebuilding() {
        return rebuildPhase != null;
    }

    public static String seconds(double seconds) {
        if (seconds < 60) {
            return Math.round(seconds * 10) / 10.0 + " s";
        }
        long whole = Math.round(seconds);
        return whole / 60 + " min " + whole % 60 + " s";
    }
}
