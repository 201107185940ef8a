package dev.pylearn.command.learner;

import dev.pylearn.command.support.CurrentAggregateCache;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotterFactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Snapshots of the {@link Learner}: a learner's stream grows for as long as they learn (every lesson,
 * XP award, active day and submission), and without snapshots each command would replay all of it
 * (measured: {@code AwardXp} p50 6.5 ms at 100 events, 52.7 ms at 10,000). After every
 * {@code pylearn.learner.snapshot-threshold} events loaded, the state is stored in
 * {@code snapshot_event_entry} and the next load starts from it.
 * <p>
 * A snapshot is only as good as the class that reads it: {@link Learner#SNAPSHOT_REVISION} names the
 * shape of its state, and snapshots of any other revision are ignored (the learner is rebuilt from
 * events, and snapshotted again), so changing the state means raising the revision, nothing more.
 */
@Configuration(proxyBeanMethods = false)
class LearnerSnapshots {

    /**
     * Snapshots are taken on a thread of their own, in a transaction of their own: taken in the
     * committing command's thread (Axon's default), each needed a second pooled connection while the
     * command still held one, and 50 concurrent commands on one learner exhausted the pool.
     */
    @Bean
    SpringAggregateSnapshotterFactoryBean aggregateSnapshotter() {
        SpringAggregateSnapshotterFactoryBean snapshotter = new SpringAggregateSnapshotterFactoryBean();
        snapshotter.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "learner-snapshots");
            thread.setDaemon(true);
            return thread;
        }));
        return snapshotter;
    }

    @Bean
    SnapshotTriggerDefinition learnerSnapshotTrigger(Snapshotter snapshotter,
                                                     @Value("${pylearn.learner.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /** Learners kept in memory between their commands, while current (see {@link CurrentAggregateCache}). */
    @Bean
    Cache learnerCache(@Value("${pylearn.learner.cache-size:10000}") long size,
                       @Value("${pylearn.learner.cache-idle:10m}") Duration idle, ObjectProvider<EventStore> store) {
        return new CurrentAggregateCache(size, idle, store);
    }

    @Bean
    SnapshotFilter learnerSnapshotFilter() {
        // the type a snapshot row carries is the aggregate's type name, the class's simple name (not
        // its full name, with which the filter would match no snapshot and let every one through)
        return RevisionSnapshotFilter.builder().type(Learner.class.getSimpleName())
                .revision(Learner.SNAPSHOT_REVISION).build();
    }
}
