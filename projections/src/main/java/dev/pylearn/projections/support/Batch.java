package dev.pylearn.projections.support;

import java.sql.PreparedStatement;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * What a projection changes while a batch of events is handled, kept in memory and written once
 * as the batch's transaction prepares to commit: the rows the batch touches are loaded with one
 * statement when its first event is handled, every event is applied to them in memory, and the
 * changed rows go back in one JDBC batch. A statement per event capped a replay at about a
 * thousand events a second; a batch of a thousand events of a few hundred learners now costs two
 * round trips.
 *
 * <p>The rows are written in the transaction that also stores the processor's token, so a batch
 * lands whole or not at all, and handlers keep their per-event guards (a row's {@code version})
 * in memory, so redelivered and replayed events still change nothing.
 */
public final class Batch {

    /** The aggregate type of the Learner's events. */
    public static final String LEARNER = "Learner";

    private static final String CHANGES = Batch.class.getName() + ".changes";

    private Batch() {
    }

    /** A projection's pending changes in one batch. */
    public interface Changes {

        /** Writes the changes; runs once, in the batch's transaction, after its last event. */
        void flush();
    }

    /**
     * The current batch's changes of {@code owner} (a projection instance), started with every
     * event of the batch (so that they can be loaded together) on its first event.
     */
    public static <C extends Changes> C changes(Object owner, Function<List<EventMessage<?>>, C> start) {
        UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        // one resource per batch, the changes by owner in it: a key built per owner was a new string
        // hashed on every event, a twentieth of a replaying processor's CPU
        Map<Object, Changes> byOwner = unit.getOrComputeResource(CHANGES, name -> new IdentityHashMap<>());
        @SuppressWarnings("unchecked")
        C changes = (C) byOwner.get(owner);
        if (changes == null) {
            C started = start.apply(eventsOf(unit));
            unit.onPrepareCommit(committing -> started.flush());
            byOwner.put(owner, started);
            changes = started;
        }
        return changes;
    }

    /** The learners whose events are among {@code events}. */
    public static Set<String> learnersOf(List<EventMessage<?>> events) {
        Set<String> learners = new LinkedHashSet<>();
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain && LEARNER.equals(domain.getType())) {
                learners.add(domain.getAggregateIdentifier());
            }
        }
        return learners;
    }

    /**
     * Runs {@code select}, whose one parameter is the array of the batch's learners
     * ({@code learner_id = ANY(?)}), and hands each row to {@code rows}: one statement for a batch.
     */
    public static void selectLearners(JdbcTemplate jdbc, List<EventMessage<?>> events, String select,
                                      RowCallbackHandler rows) {
        String[] learners = learnersOf(events).toArray(String[]::new);
        if (learners.length == 0) {
            return;
        }
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(select);
            statement.setArray(1, connection.createArrayOf("varchar", learners));
            return statement;
        }, rows);
    }

    private static List<EventMessage<?>> eventsOf(UnitOfWork<?> unit) {
        List<? extends Message<?>> messages = unit instanceof BatchingUnitOfWork<?> batch
                ? batch.getMessages() : List.of(unit.getMessage());
        return messages.stream().filter(EventMessage.class::isInstance).<EventMessage<?>>map(m -> (EventMessage<?>) m)
                .toList();
    }
}
