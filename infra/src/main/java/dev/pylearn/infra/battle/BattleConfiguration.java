package dev.pylearn.infra.battle;

import dev.pylearn.api.names.ProcessingGroups;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import dev.pylearn.operations.NodeId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * What battles need of the platform: a deadline manager whose deadlines survive restarts and fire
 * on one node (Axon's DbSchedulerDeadlineManager on db-scheduler, in PostgreSQL's
 * {@code scheduled_tasks}; those of one transaction stored in one batch, {@link BatchedDeadlines}), and the battle-judging handler running subscribing, in the verdict's
 * transaction. The scheduler reads through a transaction-aware proxy, so a deadline scheduled by
 * a command is stored in that command's transaction (rolled back with it); it polls every
 * {@code pylearn.battles.deadline-poll}, which bounds how late a deadline can fire.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class BattleConfiguration {

    @Autowired
    void subscribingJudging(EventProcessingConfigurer processing) {
        processing.registerSubscribingEventProcessor(ProcessingGroups.BATTLE_JUDGING);
    }

    @Bean
    DeadlineScheduler deadlineScheduler(DataSource dataSource, Serializer serializer, TransactionManager transactions,
                                        ObjectProvider<Configuration> axon, NodeId node,
                                        @Value("${pylearn.battles.deadline-poll:1s}") Duration poll) {
        AtomicReference<DbSchedulerDeadlineManager> manager = new AtomicReference<>();
        Task<DbSchedulerBinaryDeadlineDetails> task = DbSchedulerDeadlineManager.binaryTask(manager::get);
        Scheduler scheduler = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), task)
                .schedulerName(new SchedulerName.Fixed(node.value()))
                .pollingInterval(poll)
                .threads(2)
                .commitWhenAutocommitDisabled(false)
                .build();
        // the aggregates' scopes come from Axon's configuration, which itself needs this deadline manager
        AtomicReference<ScopeAwareProvider> scopes = new AtomicReference<>();
        ScopeAwareProvider lazyScopes = descriptor -> scopes
                .updateAndGet(known -> known != null ? known : new ConfigurationScopeAwareProvider(axon.getObject()))
                .provideScopeAwareStream(descriptor);
        manager.set(DbSchedulerDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(lazyScopes)
                .serializer(serializer)
                .transactionManager(transactions)
                .startScheduler(false)
                .stopScheduler(false)
                .build());
        return new DeadlineScheduler(scheduler, new BatchedDeadlines(manager.get(), scheduler, task, serializer));
    }

    @Bean
    DeadlineManager deadlineManager(DeadlineScheduler scheduler) {
        return scheduler.manager();
    }

    /** Starts polling for due deadlines once everything else runs, and stops first. */
    static final class DeadlineScheduler implements SmartLifecycle {

        private final Scheduler scheduler;
        private final DeadlineManager manager;
        private volatile boolean running;

        DeadlineScheduler(Scheduler scheduler, DeadlineManager manager) {
            this.scheduler = scheduler;
            this.manager = manager;
        }

        DeadlineManager manager() {
            return manager;
        }

        @Override
        public void start() {
            scheduler.start();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
            scheduler.stop();
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return Integer.MAX_VALUE - 100;
        }
    }
}
