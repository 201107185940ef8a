package dev.pylearn.worker;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.worker.evaluation.BackendGuard;
import dev.pylearn.worker.evaluation.Evaluator;
import dev.pylearn.worker.sandbox.CodeRunner;
import dev.pylearn.worker.sandbox.CodeRunnerCanary;
import dev.pylearn.worker.sandbox.LocalSandbox;
import dev.pylearn.worker.sandbox.PistonRunner;
import dev.pylearn.worker.sandbox.SandboxSettings;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The worker's parts: the code runner (Piston when {@code PYLEARN_PISTON_URL} is set, else the
 * local sandbox), its canary, the shared rate limit, retries, and the pool that bounds concurrent runs.
 * The pool and the local sandbox's slots have the same size, so the sandbox's caps for all runs
 * together hold for everything this process runs at once.
 */
@Configuration(proxyBeanMethods = false)
class WorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WorkerConfiguration.class);

    /**
     * The worker's effects are commands with transactions of their own; a transaction around the
     * whole run would only hold a connection idle while tests execute.
     */
    @Autowired
    void configureProcessing(EventProcessingConfigurer processing) {
        processing.registerTransactionManager(ProcessingGroups.EXECUTION_WORKER, configuration -> NoTransactionManager.INSTANCE);
    }

    @Bean
    CodeRunner codeRunner(@Value("${pylearn.piston.url:}") String pistonUrl,
                          @Value("${pylearn.piston.python-version:3.}") String pistonPython,
                          @Value("${pylearn.piston.max-run-timeout:3s}") Duration pistonMaxRunTimeout,
                          @Value("${pylearn.piston.max-retry-after:10s}") Duration pistonMaxRetryAfter,
                          @Value("${pylearn.piston.max-response-size:1MB}") DataSize pistonMaxResponse,
                          @Value("${pylearn.sandbox.python:/usr/bin/python3}") String python,
                          @Value("${pylearn.sandbox.allow-unconfined:false}") boolean allowUnconfined,
                          @Value("${pylearn.sandbox.memory:256MB}") DataSize memory,
                          @Value("${pylearn.sandbox.output-limit:64KB}") DataSize outputLimit,
                          @Value("${pylearn.sandbox.niceness:10}") int niceness,
                          @Value("${pylearn.sandbox.processes:16}") int processes,
                          @Value("${pylearn.sandbox.cgroups:auto}") String cgroups,
                          @Value("${pylearn.sandbox.memory-total:0B}") DataSize memoryTotal,
                          @Value("${pylearn.sandbox.cpus:0}") double cpus,
                          @Value("${pylearn.sandbox.start-grace:300ms}") Duration startGrace,
                          @Value("${pylearn.worker.concurrency:8}") int concurrency) {
        if (!pistonUrl.isBlank()) {
            return new PistonRunner(pistonUrl, pistonPython, pistonMaxRunTimeout, memory.toBytes(),
                    Duration.ofSeconds(3), pistonMaxRetryAfter, pistonMaxResponse.toBytes());
        }
        SandboxSettings.CgroupPolicy policy;
        try {
            policy = SandboxSettings.CgroupPolicy.valueOf(cgroups.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pylearn.sandbox.cgroups (PYLEARN_SANDBOX_CGROUPS) must be auto, "
                    + "required or off, not '" + cgroups + "'");
        }
        return new LocalSandbox(new SandboxSettings(python, allowUnconfined, concurrency, memory.toBytes(),
                (int) outputLimit.toBytes(), niceness, processes, policy, memoryTotal.toBytes(), cpus, startGrace));
    }

    /** Proves the runner works at start-up, then for the health endpoint at most once per interval. */
    @Bean
    CodeRunnerCanary codeRunnerCanary(CodeRunner runner, Clock clock,
                                      @Value("${pylearn.worker.canary-interval:30s}") Duration interval) {
        CodeRunnerCanary canary = new CodeRunnerCanary(runner, interval, clock);
        CodeRunnerCanary.Status status = canary.current();
        if (status.up()) {
            log.info("Code runner canary passed in {} ms: {}", status.durationMs(), runner.describe());
        } else {
            log.error("Code runner canary FAILED: {} ({}); submissions will end as 'the code runner is unavailable' "
                    + "until it recovers", status.detail(), runner.describe());
        }
        return canary;
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService testRuns(@Value("${pylearn.worker.concurrency:8}") int concurrency) {
        return Executors.newFixedThreadPool(concurrency, r -> {
            Thread thread = new Thread(r, "test-run");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    BackendGuard backendGuard(CodeRunner runner, DataSource dataSource, MeterRegistry metrics,
                              @Value("${pylearn.worker.requests-per-second:50}") int perSecond,
                              @Value("${pylearn.worker.retry.max-attempts:5}") int maxAttempts,
                              @Value("${pylearn.worker.retry.initial-backoff:200ms}") Duration initialBackoff,
                              @Value("${pylearn.worker.retry.max-backoff:5s}") Duration maxBackoff) {
        var buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .build();
        BucketConfiguration limit = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1))
                        .build())
                .build();
        var bucket = buckets.builder().build("code-runner", () -> limit);
        return new BackendGuard(runner, bucket.asBlocking(), maxAttempts, initialBackoff, maxBackoff, metrics);
    }

    @Bean
    Evaluator evaluator(BackendGuard guard, ExecutorService testRuns,
                        @Value("${pylearn.worker.outage-wait:90s}") Duration outageWait,
                        @Value("${pylearn.worker.outage-poll:2s}") Duration outagePoll) {
        return new Evaluator(guard, testRuns, outageWait, outagePoll);
    }
}
