package dev.pylearn.command.chat;

import dev.pylearn.command.support.AdvisoryLockFactory;
import dev.pylearn.command.support.CurrentAggregateCache;
import java.time.Duration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How a {@link Conversation} is loaded and locked. A busy room is one aggregate that every message of it
 * goes through, one command (or batch) at a time: its stream grows by one event per message, so it is
 * snapshotted (each message would otherwise replay all of them; the snapshotter and its thread are the
 * Learner's), kept in memory between commands while current ({@link CurrentAggregateCache}), and locked
 * across nodes while a command writes it ({@link AdvisoryLockFactory}), since members write a room
 * through every node.
 */
@Configuration(proxyBeanMethods = false)
class ConversationSnapshots {

    @Bean
    SnapshotTriggerDefinition conversationSnapshotTrigger(Snapshotter snapshotter,
                                                          @Value("${pylearn.chat.snapshot-threshold:200}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    @Bean
    SnapshotFilter conversationSnapshotFilter() {
        return RevisionSnapshotFilter.builder().type(Conversation.class.getSimpleName())
                .revision(Conversation.SNAPSHOT_REVISION).build();
    }

    @Bean
    Cache conversationCache(@Value("${pylearn.chat.cache-size:10000}") long size, ObjectProvider<EventStore> store) {
        return new CurrentAggregateCache(size, Duration.ofMinutes(10), store);
    }

    @Bean
    LockFactory conversationLocks(JdbcClient jdbc) {
        return new AdvisoryLockFactory(jdbc, Conversation.class.getSimpleName());
    }
}
