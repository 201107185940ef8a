package dev.pylearn.projections.support;

import java.util.UUID;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.GenericResultMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Answers every handled event with one shared, empty result message. An event handler's result is
 * nobody's (a failure is thrown, not returned), but Axon's batching unit of work wraps the result of
 * each event in a new {@code GenericResultMessage}, and a new message takes a random UUID and the
 * unit's correlation data: {@code MessageOriginProvider} reads the event's metadata, so every event's
 * metadata was deserialized by every processor that handled it. Given a result message, the unit of
 * work keeps it as it is. A replay of six projections spent a fifth of its processors' CPU building
 * these messages ({@code ProjectionBenchmark} recording, 2026-11-29).
 * <p>
 * Registered for every event processor (Axon defaults in {@code infra}) and for a rebuild's shadow
 * processor. Correlation data still reaches what a handler sends: that is taken from the event being
 * handled when the handler dispatches, not from this result.
 */
public final class DiscardedEventResults implements MessageHandlerInterceptor<EventMessage<?>> {

    /**
     * Built with an identifier of its own: Axon's other constructors add the current unit of work's
     * correlation data, and this class may be loaded while one is handling an event.
     */
    private static final ResultMessage<Void> HANDLED = new GenericResultMessage<>(
            new GenericMessage<Void>(UUID.randomUUID().toString(), null, MetaData.emptyInstance()));

    public static final DiscardedEventResults INSTANCE = new DiscardedEventResults();

    private DiscardedEventResults() {
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        chain.proceed();
        return HANDLED;
    }
}
