package dev.pylearn.command.support;

import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The lock of an aggregate that several nodes write at once (a busy chat room): Axon's lock within this
 * node, then a PostgreSQL advisory lock of the aggregate held by the command's transaction until it
 * commits or rolls back. Axon's lock alone serializes one node's commands; two nodes' commands on one
 * aggregate both loaded the same version, the second append broke the (aggregate, sequence) key, and
 * the command ran again after a back-off of 20, 40, 80 ms (seen on a room written through two nodes:
 * every few messages retried, delivery p95 several seconds). Waiting for the other node's commit
 * instead costs one statement per command and no retry.
 * <p>
 * Only for aggregates written from several nodes at once: a learner's commands come from the learner,
 * and the extra statement would cost every one of them for a conflict that its retry handles.
 */
public final class AdvisoryLockFactory implements LockFactory {

    private final LockFactory local = PessimisticLockFactory.usingDefaults();
    private final JdbcClient jdbc;
    private final String namespace;

    /** @param namespace set before each identifier, so the same id of two aggregate types locks apart */
    public AdvisoryLockFactory(JdbcClient jdbc, String namespace) {
        this.jdbc = jdbc;
        this.namespace = namespace;
    }

    @Override
    public Lock obtainLock(String identifier) {
        Lock lock = local.obtainLock(identifier);
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            try {
                // the command's own transaction (Axon's unit of work is bound to Spring's): released by its end
                jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))").param(namespace + ":" + identifier)
                        .query((rs, row) -> Boolean.TRUE).list();
            } catch (RuntimeException e) {
                lock.release();
                throw e;
            }
        }
        return lock;
    }
}
