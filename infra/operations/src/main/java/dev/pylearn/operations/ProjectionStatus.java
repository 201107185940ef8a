package dev.pylearn.operations;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/admin/projections} shows for one projection (processing group). Positions
 * are global indexes of the event stream; lag is counted in those and in the age of the oldest
 * event not yet applied.
 */
record ProjectionStatus(String name, String status, boolean replayable, Long position, long head, long lagEvents,
                        double lagSeconds, double eventsPerSecond, List<Segment> segments, Progress replay,
                        Rebuild rebuild, long deadLetters, Operation lastOperation) {

    /** A segment and the node whose claim holds it (null: unclaimed). */
    record Segment(int segment, String owner, Long position, boolean replaying, String error) {
    }

    /** How far a replay (or a rebuild's new version) has come: position against its target. */
    record Progress(Long position, Long target, double percent, Double etaSeconds) {
    }

    /** A blue-green rebuild in flight: the new version's own progress. */
    record Rebuild(String phase, String node, Instant startedAt, Progress progress, String detail) {
    }

    /** The last replay or rebuild: when it ran and how it ended. */
    record Operation(String kind, String phase, Instant startedAt, Instant finishedAt, Long events,
                     Double eventsPerSecond, String detail) {
    }
}
