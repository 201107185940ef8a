package dev.pylearn.operations;

import dev.pylearn.web.admin.ProjectionBoard;
import dev.pylearn.web.admin.ProjectionRow;
import java.util.List;
import org.springframework.stereotype.Component;

/** The projections page's table: the same statuses as {@code GET /api/admin/projections}. */
@Component
class ProjectionBoardAdapter implements ProjectionBoard {

    private final ProjectionOperations operations;

    ProjectionBoardAdapter(ProjectionOperations operations) {
        this.operations = operations;
    }

    @Override
    public List<ProjectionRow> projections() {
        return operations.statuses().stream().map(ProjectionBoardAdapter::row).toList();
    }

    private static ProjectionRow row(ProjectionStatus status) {
        ProjectionStatus.Progress progress = status.rebuild() != null ? status.rebuild().progress() : status.replay();
        return new ProjectionRow(status.name(), status.status(), status.replayable(), status.position(), status.head(),
                status.lagEvents(), status.lagSeconds(), status.eventsPerSecond(),
                progress == null ? null : progress.percent(), progress == null ? null : progress.etaSeconds(),
                status.rebuild() == null ? null : status.rebuild().phase(), status.deadLetters(),
                lastOperation(status.lastOperation()));
    }

    /** The same words the page's script writes when it refreshes the row. */
    static String lastOperation(ProjectionStatus.Operation op) {
        if (op == null) {
            return "";
        }
        StringBuilder text = new StringBuilder("Last " + op.kind() + ": " + op.phase());
        if (op.finishedAt() != null && op.events() != null) {
            text.append(" (").append(op.events()).append(" events");
            if (op.eventsPerSecond() != null && op.eventsPerSecond() != 0) {
                text.append(", ").append(op.eventsPerSecond()).append(" events/s");
            }
            text.append(")");
        }
        if (op.detail() != null) {
            text.append(" — ").append(op.detail());
        }
        return text.toString();
    }
}
