package dev.pylearn.operations;

import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Asks the database once per batch whether the processing group has any dead letter at all, instead
 * of once per event whether the event's sequence has one. The dead-letter invoker checks every event
 * ({@code enqueueIfPresent}) so that a parked sequence keeps its order; with an empty queue, the
 * usual case, that doubled the statements of a replay. Safe across nodes: only the node holding a
 * segment's claim parks events of that segment's sequences, and a letter parked earlier in this
 * batch is remembered for the rest of it.
 */
final class EmptyAwareDeadLetterQueue implements SequencedDeadLetterQueue<EventMessage<?>> {

    private final SequencedDeadLetterQueue<EventMessage<?>> delegate;
    private final String resource;

    EmptyAwareDeadLetterQueue(SequencedDeadLetterQueue<EventMessage<?>> delegate, String processingGroup) {
        this.delegate = delegate;
        this.resource = "dead-letters-present:" + processingGroup;
    }

    @Override
    public boolean enqueueIfPresent(Object sequenceIdentifier,
                                    Supplier<DeadLetter<? extends EventMessage<?>>> letterBuilder) {
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
            // not getOrComputeResource: the query may bind a connection to the same resources map
            Boolean present = batch.getResource(resource);
            if (present == null) {
                present = delegate.amountOfSequences() > 0;
                batch.resources().put(resource, present);
            }
            if (!present) {
                return false;
            }
        }
        return delegate.enqueueIfPresent(sequenceIdentifier, letterBuilder);
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter)
            throws DeadLetterQueueOverflowException {
        delegate.enqueue(sequenceIdentifier, letter);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().resources().put(resource, Boolean.TRUE);
        }
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        delegate.evict(letter);
    }

    @Override
    public void requeue(DeadLetter<? extends EventMessage<?>> letter,
                        UnaryOperator<DeadLetter<? extends EventMessage<?>>> letterUpdater)
            throws NoSuchDeadLetterException {
        delegate.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return delegate.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(Object sequenceIdentifier) {
        return delegate.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        return delegate.deadLetters();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        return delegate.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return delegate.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return delegate.amountOfSequences();
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
                           java.util.function.Function<DeadLetter<? extends EventMessage<?>>,
                                   EnqueueDecision<EventMessage<?>>> processingTask) {
        return delegate.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        delegate.clear();
    }
}
