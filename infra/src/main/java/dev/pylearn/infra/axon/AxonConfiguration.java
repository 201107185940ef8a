package dev.pylearn.infra.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pylearn.api.Rejection;
import dev.pylearn.projections.support.DiscardedEventResults;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import dev.pylearn.infra.push.EventAppendNotifier;
import dev.pylearn.infra.push.PushedEventSource;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import dev.pylearn.operations.NodeId;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon without Axon Server: events and tokens in PostgreSQL (snake_case tables, see V1 migration),
 * events serialized as JSON, and streaming processors whose segments several nodes split between
 * them through the token store.
 *
 * <p>Every processor reads {@link PushedEventSource}, woken by PostgreSQL as soon as events are
 * appended on any node. (Axon's embedded event store offers a pooled processor no availability
 * callback, so it polled every 500 ms.) Pooled streaming processors by default (the worker, the command
 * side's reactions); the projections are tracking processors (application.yml): with the source's
 * reads shared between the segments and processors moving together, a tracking processor's segments
 * no longer read the stream once each, and without a pooled coordinator's queues between the stream
 * and the handlers a replay of the six projections ran a quarter to a half faster.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    /**
     * Processors run each batch in one database transaction: rows, cache-eviction and token commit
     * together. Axon's Spring Boot auto-configuration is meant to provide this, but on Boot 4 its
     * condition on a PlatformTransactionManager is evaluated before Boot's JDBC transaction manager
     * exists (the auto-configuration classes moved), and it silently falls back to
     * NoTransactionManager: every statement then committed on its own, the token apart from the
     * rows, and a second connection was taken per batch for the dead-letter queue.
     */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    /**
     * The query bus as Axon's auto-configuration builds it, but without a transaction around each
     * query: the handlers are single reads (most served from the cache), and a transaction meant
     * borrowing a pooled connection for every cache hit. Measured with ab at 64 connections.
     */
    @Bean
    SimpleQueryBus queryBus(org.axonframework.config.Configuration axon) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .errorHandler(axon.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    /**
     * Axon's JDBC event store as its auto-configuration builds it, except that a streaming processor
     * fetches up to {@code pylearn.events.fetch-size} events per query instead of 100: a replay
     * reads the whole stream once per processor and segment, and round trips were a fifth of it.
     * Time stamps are parsed once per event (see TimestampParsingEventStorageEngine), and every
     * committed append is told to the other nodes ({@link EventAppendNotifier}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver exceptions,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connections, TransactionManager transactions,
                                          EventSchema schema, @Value("${pylearn.events.fetch-size:1000}") int fetchSize,
                                          EventAppendNotifier notifier) {
        return new TimestampParsingEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptions)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connections)
                .transactionManager(transactions)
                .schema(schema)
                .batchSize(fetchSize), notifier::appended);
    }

    /**
     * Two nodes appending to one aggregate at once: PostgreSQL refuses the second (aggregate, sequence)
     * with SQL state 23505, which this reports as a duplicate, so Axon raises a (transient)
     * ConcurrencyException and the gateway retries the command against the fresh state. Axon's
     * auto-configured resolver compares vendor error codes, which PostgreSQL leaves at 0: the loser got
     * a non-transient EventStoreException and a 500 (seen with two nodes sending to one chat room).
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver("23505");
    }

    @Bean
    NodeId nodeId(@Value("${pylearn.node-id:}") String configured) {
        return new NodeId(configured.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : configured);
    }

    /** Axon's JDBC token store as auto-configured, with this node's {@link NodeId} on its claims. */
    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TokenSchema schema, NodeId node,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .schema(schema)
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .nodeId(node.value())
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * The Jackson 2 mapper Axon's serializer picks up by this name (Boot 4 itself runs Jackson 3).
     * Unknown properties are ignored so that an event which gains a field stays readable by older
     * nodes, and the other way round.
     */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                // registered after jsr310, so it reads Instants (see IsoInstantDeserializer)
                .registerModule(new SimpleModule("iso-instants").addDeserializer(Instant.class, new IsoInstantDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * The defaults every processor starts from; each module adds its own groups' wiring (sequencing,
     * transactions, subscribing processors, dead letters, interceptors) in a configuration of its own.
     */
    @Autowired
    void configureProcessors(EventProcessingConfigurer processing, ObjectProvider<PushedEventSource> pushed) {
        // processors not named in application.yml too (their settings name the source there); looked up
        // when the processors are built, as the source reads this configuration's storage engine
        processing.usingPooledStreamingEventProcessors();
        processing.configureDefaultStreamableMessageSource(configuration -> pushed.getObject());
        // Axon's default for a handler that throws is LoggingErrorHandler: it logs and moves on, so the
        // event counts as handled. Propagating instead: a subscribing handler's failure rolls back the
        // command that published the event (challenge rewards, lesson rules), a streaming processor's
        // parks the event in its dead-letter queue (operations' DeadLetterConfiguration), and a processor
        // without one retries the batch with back-off. No event is skipped silently.
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
        // no result message built for every event handled (see DiscardedEventResults)
        processing.registerDefaultHandlerInterceptor((configuration, name) -> DiscardedEventResults.INSTANCE);
    }

    /**
     * Two nodes appending to one learner at once: the loser's insert violates the
     * (aggregate, sequence) key, Axon reports it as a transient concurrency failure, and the
     * command is retried against the fresh state. A {@link Rejection} (locked lesson, unknown
     * challenge, rate limit) is the answer, not a failure: Axon would otherwise treat any runtime
     * exception as transient and run a refused command six times before the 4xx went out.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return retryingGateway(commandBus, Executors.newSingleThreadScheduledExecutor());
    }

    static CommandGateway retryingGateway(CommandBus commandBus, ScheduledExecutorService retries) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(ExponentialBackOffIntervalRetryScheduler.builder()
                        .retryExecutor(retries)
                        .backoffFactor(20)
                        .maxRetryCount(5)
                        .addNonTransientFailurePredicate(failure -> failure instanceof Rejection)
                        .build())
                .build();
    }
}
