package dev.pylearn.projections.support;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One batch's rows of a read-model table with one row per learner ({@code learner_id}) and a
 * {@code version}: the sequence number of the last learner event applied. An event is applied only
 * to a row that has not seen it yet, which is what makes replays and redeliveries harmless.
 * The rows are loaded once per batch and written back by {@link #flush()} (see {@link Batch}).
 */
public final class LearnerRows<R extends LearnerRows.Row> implements Batch.Changes {

    /** A learner's row as the batch sees it. */
    public abstract static class Row {

        public final String learnerId;
        /** The sequence number of the last learner event applied. */
        public long version;
        private boolean changed;

        protected Row(String learnerId, long version) {
            this.learnerId = learnerId;
            this.version = version;
        }
    }

    private final Map<String, R> rows;
    private final Consumer<List<R>> write;
    private final List<R> changed = new ArrayList<>();

    /**
     * @param loaded the rows of the batch's learners that exist, by learner id (modifiable)
     * @param write  writes the changed rows (inserting new ones) in one round trip
     */
    public LearnerRows(Map<String, R> loaded, Consumer<List<R>> write) {
        this.rows = loaded;
        this.write = write;
    }

    /**
     * The learner's row if it exists and has not yet seen event {@code version}, now marked as
     * having seen it and changed; {@code null} when the event must change nothing.
     */
    public R fresh(String learnerId, long version) {
        R row = rows.get(learnerId);
        if (row == null || row.version >= version) {
            return null;
        }
        row.version = version;
        markChanged(row);
        return row;
    }

    /** Adds a new learner's row unless the learner has one already; {@code true} when added. */
    public boolean create(R row) {
        if (rows.putIfAbsent(row.learnerId, row) != null) {
            return false;
        }
        markChanged(row);
        return true;
    }

    /** The rows this batch changed, in the order first changed. */
    public Collection<R> changed() {
        return changed;
    }

    @Override
    public void flush() {
        if (!changed.isEmpty()) {
            write.accept(changed);
        }
    }

    private void markChanged(R row) {
        Row marked = row;
        if (!marked.changed) {
            marked.changed = true;
            changed.add(row);
        }
    }
}
