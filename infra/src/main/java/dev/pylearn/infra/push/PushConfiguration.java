package dev.pylearn.infra.push;

import dev.pylearn.command.account.TokenRevocations;
import dev.pylearn.command.catalog.CatalogRulesCache;
import dev.pylearn.projections.support.ReadModelPush;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Events, read-model changes and token revocations pushed to every node through PostgreSQL
 * LISTEN/NOTIFY, on one listening connection per node (see README, Cross-node push): the event processors read {@link PushedEventSource} (named {@code pushedEvents} in
 * the processors' settings), read-your-writes waits and near caches hear {@link ReadModelPush}, the
 * catalog rules held in memory hear {@link CatalogRulesCache}.
 */
@Configuration(proxyBeanMethods = false)
class PushConfiguration {

    static final String EVENTS_CHANNEL = "pylearn_events";

    @Bean
    PostgresSignals postgresSignals(DataSource dataSource, MeterRegistry metrics,
                                    @Value("${pylearn.push.fallback-poll:1s}") Duration fallback,
                                    ObjectProvider<ReadModelPush> push,
                                    ObjectProvider<ReadModelPush.LocalCaches> caches,
                                    TokenRevocations revocations, ObjectProvider<CatalogRulesCache> catalogRules) {
        PostgresSignals signals = new PostgresSignals(dataSource, fallback, metrics);
        // log-outs, password and role changes of any node
        signals.subscribe(TokenRevocations.CHANNEL, revocations::apply);
        signals.whenDeaf(revocations::reload);
        // a catalog published on any node: the lesson and achievement rules held in memory are dropped
        catalogRules.ifAvailable(rules -> {
            signals.subscribe(CatalogRulesCache.CHANNEL, payload -> rules.clear());
            signals.whenDeaf(rules::clear);
        });
        signals.subscribe(ReadModelPush.CHANNEL, payload -> push.getObject().receive(payload));
        // evictions may have gone unheard: what the near caches hold is not trusted any more
        signals.whenDeaf(() -> caches.ifAvailable(ReadModelPush.LocalCaches::clearAllLocally));
        return signals;
    }

    @Bean
    EventAppendNotifier eventAppendNotifier(DataSource dataSource) {
        return new EventAppendNotifier(dataSource, EVENTS_CHANNEL);
    }

    @Bean
    PushedEventSource pushedEvents(EventStorageEngine storage, PostgresSignals signals,
                                   ObjectProvider<EventProcessingConfiguration> processing, MeterRegistry metrics) {
        PushedEventSource source = new PushedEventSource(storage, name -> applied(processing.getObject(), name));
        // the streams' batches read from the event store, and those taken from another stream's read
        io.micrometer.core.instrument.FunctionCounter.builder("pylearn.events.reads", source, PushedEventSource::storeReads)
                .tag("from", "store").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("pylearn.events.reads", source, PushedEventSource::sharedReads)
                .tag("from", "shared").register(metrics);
        // how long streams reading the stream's past waited for the streams behind them, to read together
        io.micrometer.core.instrument.FunctionCounter.builder("pylearn.events.paced", source, PushedEventSource::pacedSeconds)
                .baseUnit("seconds").register(metrics);
        signals.subscribe(EVENTS_CHANNEL, payload -> source.eventsAppended());
        // notifications missed or not heard at all: every stream looks for itself
        signals.whenDeaf(source::eventsAppended);
        return source;
    }

    /** The lowest position the processor's segments on this node have applied. */
    private static OptionalLong applied(EventProcessingConfiguration processing, String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().values().stream()
                        .map(EventTrackerStatus::getCurrentPosition)
                        .filter(OptionalLong::isPresent)
                        .mapToLong(OptionalLong::getAsLong)
                        .min())
                .map(min -> min.isPresent() ? OptionalLong.of(min.getAsLong()) : OptionalLong.empty())
                .orElse(OptionalLong.empty());
    }
}
