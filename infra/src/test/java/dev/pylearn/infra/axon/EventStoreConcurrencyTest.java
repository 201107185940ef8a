package dev.pylearn.infra.axon;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pylearn.infra.support.PlatformTest;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The real event store on the real PostgreSQL reports a second event at an aggregate's sequence as a
 * concurrency failure, the kind the command gateway retries (see {@link CommandRetriesTest}): what two
 * nodes appending to one chat room or one learner at once meet. Inside a transaction rolled back, so
 * nothing is left in the stream.
 */
class EventStoreConcurrencyTest extends PlatformTest {

    @Autowired
    EventStorageEngine storage;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aSecondEventAtTheSameSequenceIsAConcurrencyFailureThatCommandsRetry() {
        String aggregate = "concurrency-" + UUID.randomUUID();
        TransactionTemplate rolledBack = new TransactionTemplate(transactions);
        rolledBack.executeWithoutResult(status -> {
            status.setRollbackOnly();
            storage.appendEvents(new GenericDomainEventMessage<>("Probe", aggregate, 0, "first"),
                    new GenericDomainEventMessage<>("Probe", aggregate, 1, "second, this node"));
            assertThatThrownBy(() -> storage.appendEvents(
                    new GenericDomainEventMessage<>("Probe", aggregate, 1, "second, the other node")))
                    .isInstanceOf(ConcurrencyException.class);
        });
    }
}
