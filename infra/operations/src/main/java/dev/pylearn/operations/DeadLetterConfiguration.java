package dev.pylearn.operations;

import dev.pylearn.api.names.ProcessingGroups;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Every projection gets Axon's JDBC dead-letter queue: when a handler throws for an event, that
 * event's sequence (one aggregate, or one submission) is parked in {@code dead_letter_entry} with
 * the error, later events of the same sequence queue up behind it, and every other sequence keeps
 * being processed. Retrying after a fix goes through the processor's dead-letter processor (see
 * ProjectionOperations, or DeadLetterRetries on its own). The execution worker has one too: its
 * runner's failures become verdicts, but when recording a verdict fails (the database away, the
 * challenge reward refused), the submission is parked with the cause rather than dropped; its later
 * attempts (the deadline sweep queues them) wait behind it, and once they are used up the Submission
 * ends with a reason the learner sees. The subscribing command-side groups have none:
 * their failures roll back the command that published the event.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    /** Subscribing groups: they run in the publishing transaction, whose command fails with them. */
    static final Set<String> WITHOUT_DEAD_LETTERS = Set.of(ProcessingGroups.LESSON_RULES, ProcessingGroups.CHALLENGE_REWARDS);

    /**
     * A projection's queue works on the connection of the batch's transaction (its letters commit with
     * its rows and token). The worker's batches run without a transaction (the worker's WorkerConfiguration), so its
     * queue takes a connection per operation: one bound to the batch would sit idle while code runs.
     */
    private static ConnectionProvider connections(String group, DataSource dataSource) {
        ConnectionProvider perOperation = new SpringDataSourceConnectionProvider(dataSource);
        return group.equals(ProcessingGroups.EXECUTION_WORKER) ? perOperation
                : new UnitOfWorkAwareConnectionProviderWrapper(perOperation);
    }

    /** The table of V7, snake_case like Axon's other tables. */
    static DeadLetterSchema schema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /**
     * One queue per processing group found on the handler beans. Registered per group rather than
     * through a queue provider: Axon's Spring Boot module registers a provider of its own (for its
     * {@code dlq.enabled} properties) that would replace ours.
     */
    @Autowired
    void registerDeadLetterQueues(EventProcessingConfigurer processing, ListableBeanFactory beans,
                                  DataSource dataSource, TransactionManager transactions) {
        Set<String> groups = new TreeSet<>();
        for (String bean : beans.getBeanNamesForAnnotation(ProcessingGroup.class)) {
            ProcessingGroup group = beans.findAnnotationOnBean(bean, ProcessingGroup.class);
            if (group != null && !WITHOUT_DEAD_LETTERS.contains(group.value())) {
                groups.add(group.value());
            }
        }
        for (String group : groups) {
            processing.registerDeadLetterQueue(group, configuration -> new EmptyAwareDeadLetterQueue(
                    JdbcSequencedDeadLetterQueue.builder()
                            .processingGroup(group)
                            .connectionProvider(connections(group, dataSource))
                            .transactionManager(transactions)
                            .schema(schema())
                            .genericSerializer(configuration.serializer())
                            .eventSerializer(configuration.eventSerializer())
                            .build(), group));
        }
    }
}
