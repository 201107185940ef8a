package dev.pylearn.projections.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Runs a task once the current unit of work has committed (at once without one). Axon's query update
 * emitter defers its pushes to after the commit only when called while handlers run; a push made while
 * a batch prepares to commit (where the projections write their rows) would go out before the rows are
 * committed, and a read-your-writes caller released by it would read the old state.
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(Runnable task) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unit -> task.run());
        } else {
            task.run();
        }
    }
}
