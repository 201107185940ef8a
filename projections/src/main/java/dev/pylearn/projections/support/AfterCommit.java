package dev.pylearn.projections.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Runs a task once the current unit of work has committed (at once without one). Axon's query update
 * emitter defers its pushes to after the commit only when called while handlers run; a push made while
 * a batch prepares to commit (where the projections write their rows) would go out before the rows are
 * committed, and a read-your-writes caller released by it would read the old state.
 */
public final class AfterCommit {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AfterCommit.class);
    private static final String TASKS = AfterCommit.class.getName() + ".tasks";

    private AfterCommit() {
    }

    /**
     * Tasks of one unit of work run in the order they were given: Axon runs after-commit handlers in
     * the reverse order of their registration, which sent a batch's chat messages 5 and 4 out as 5, 4
     * (and a stream that had shown 5 then dropped 4 as already seen). One task failing does not stop the
     * others.
     */
    public static void run(Runnable task) {
        if (!CurrentUnitOfWork.isStarted()) {
            task.run();
            return;
        }
        org.axonframework.messaging.unitofwork.UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        java.util.List<Runnable> tasks = unit.getOrComputeResource(TASKS, key -> {
            java.util.List<Runnable> inOrder = new java.util.ArrayList<>();
            unit.afterCommit(committed -> inOrder.forEach(AfterCommit::runLogged));
            return inOrder;
        });
        tasks.add(task);
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("An after-commit task failed: {}", e.toString());
        }
    }
}
