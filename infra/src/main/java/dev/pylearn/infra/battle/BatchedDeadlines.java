package dev.pylearn.infra.battle;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.axonframework.common.IdentifierFactory;
import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Axon's {@link DbSchedulerDeadlineManager}, except that the deadlines scheduled in one unit of work are
 * stored with one JDBC batch as it prepares to commit ({@link Scheduler#scheduleBatch}) instead of two
 * statements each (db-scheduler's schedule reads whether the task exists, then inserts it). The
 * matchmaker creates a hundred battles in one transaction, each with its time limit: two hundred round
 * trips, a fifth of the matchmaking thread's time in {@code MatchmakingBenchmark}, which every join of
 * the batch waits for. The rows are those Axon writes (its binary task and details, serialized as its
 * {@code DbSchedulerBinaryDeadlineDetails.serialized} does), so Axon's manager fires and cancels them.
 * Outside a unit of work, or once a dispatch interceptor is registered (which this path would skip),
 * scheduling is Axon's own.
 */
final class BatchedDeadlines implements DeadlineManager {

    private final DbSchedulerDeadlineManager axon;
    private final Scheduler scheduler;
    private final Task<DbSchedulerBinaryDeadlineDetails> task;
    private final Serializer serializer;
    private final String resource = BatchedDeadlines.class.getName() + "@" + System.identityHashCode(this);
    private final AtomicBoolean intercepted = new AtomicBoolean();

    BatchedDeadlines(DbSchedulerDeadlineManager axon, Scheduler scheduler, Task<DbSchedulerBinaryDeadlineDetails> task,
                     Serializer serializer) {
        this.axon = axon;
        this.scheduler = scheduler;
        this.task = task;
        this.serializer = serializer;
    }

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        if (intercepted.get() || !CurrentUnitOfWork.isStarted()) {
            return axon.schedule(triggerDateTime, deadlineName, messageOrPayload, deadlineScope);
        }
        DeadlineMessage<Object> message = GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload,
                triggerDateTime);
        String id = IdentifierFactory.getInstance().generateIdentifier();
        // serialized when the batch is written, as Axon does: an aggregate's scope names its identifier,
        // which a constructor command handler has not set yet when it schedules
        pending().add(() -> SchedulableInstance.of(task.instance(id, details(deadlineName, deadlineScope, message)),
                triggerDateTime));
        return id;
    }

    /** The current transaction's deadlines, written when it prepares to commit. */
    private List<Supplier<SchedulableInstance<?>>> pending() {
        UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        return unit.getOrComputeResource(resource, key -> {
            List<Supplier<SchedulableInstance<?>>> deadlines = new ArrayList<>();
            unit.onPrepareCommit(committing -> scheduler.scheduleBatch(
                    deadlines.stream().<SchedulableInstance<?>>map(Supplier::get).toList()));
            return deadlines;
        });
    }

    private DbSchedulerBinaryDeadlineDetails details(String deadlineName, ScopeDescriptor scope,
                                                     DeadlineMessage<Object> message) {
        SerializedObject<byte[]> serializedScope = serializer.serialize(scope, byte[].class);
        SerializedObject<byte[]> payload = serializer.serialize(message.getPayload(), byte[].class);
        SerializedObject<byte[]> metaData = serializer.serialize(message.getMetaData(), byte[].class);
        return new DbSchedulerBinaryDeadlineDetails(deadlineName, serializedScope.getData(),
                serializedScope.getType().getName(), payload.getData(), payload.getType().getName(),
                payload.getType().getRevision(), metaData.getData());
    }

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        axon.cancelSchedule(deadlineName, scheduleId);
    }

    @Override
    public void cancelAll(String deadlineName) {
        axon.cancelAll(deadlineName);
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        axon.cancelAllWithinScope(deadlineName, scope);
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super DeadlineMessage<?>> dispatchInterceptor) {
        intercepted.set(true);
        return axon.registerDispatchInterceptor(dispatchInterceptor);
    }

    @Override
    public Registration registerHandlerInterceptor(
            MessageHandlerInterceptor<? super DeadlineMessage<?>> handlerInterceptor) {
        return axon.registerHandlerInterceptor(handlerInterceptor);
    }

    @Override
    public void shutdown() {
        axon.shutdown();
    }
}
