package dev.pylearn.monitoring.observability;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Opens a statement scope for each batch an event processor handles. Axon runs a batch in one unit
 * of work on one thread and calls this interceptor for every event of it: the first event opens the
 * scope, and the unit of work's clean-up (after the commit, so the token update counts too) closes it.
 * Registered for every processor in {@code ObservabilityConfiguration}.
 */
public final class HandlerBatchTracking implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String RESOURCE = HandlerBatchTracking.class.getName();

    private final QueryTracker tracker;
    private final String endpoint;

    public HandlerBatchTracking(QueryTracker tracker, String processor) {
        this.tracker = tracker;
        this.endpoint = "event-processor " + processor;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        UnitOfWork<?> root = unitOfWork.root();
        if (!root.resources().containsKey(RESOURCE)) {
            QueryTracker.Scope scope = tracker.begin(endpoint, "handler");
            // null: a scope is open on this thread already (a subscribing processor inside a request)
            root.resources().put(RESOURCE, scope == null ? Boolean.FALSE : scope);
            if (scope != null) {
                root.onCleanup(u -> tracker.end(scope, null));
            }
        }
        return chain.proceed();
    }
}
