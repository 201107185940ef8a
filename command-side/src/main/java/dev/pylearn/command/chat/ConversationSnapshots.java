package dev.pylearn.command.chat;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots of a {@link Conversation}: a busy room's stream grows by one event per message, and each
 * message would otherwise replay all of them. The snapshotter and its thread are the Learner's.
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
}
