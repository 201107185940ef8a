package dev.pylearn.worker;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.submission.RecordSubmissionResult;
import dev.pylearn.api.submission.RecordTestOutcome;
import dev.pylearn.api.submission.StartSubmissionRun;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.worker.evaluation.Evaluator;
import dev.pylearn.worker.evaluation.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code SubmissionRequested} and judges it. The processor's position only moves past a
 * submission once its result is recorded (or, when recording fails, once it is parked in the
 * worker's dead-letter queue for a retry), so a worker that dies mid-run leaves it to be run again
 * (by this node after a restart, or by the node that takes over its segment). Never replayed: a
 * replay must not run code again.
 *
 * <p>The work runs on a thread of its own, outside the processor's unit of work, so "running" and
 * the verdict are committed the moment they happen instead of when the processor's batch ends.
 */
@Component
@ProcessingGroup(SubmissionWorker.GROUP)
class SubmissionWorker implements DisposableBean {

    static final String GROUP = ProcessingGroups.EXECUTION_WORKER;
    private static final Logger log = LoggerFactory.getLogger(SubmissionWorker.class);

    private final CommandGateway commands;
    private final Evaluator evaluator;
    private final Clock clock;
    private final String node;
    private final ExecutorService runs = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "submission-run");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer evaluationTime;

    SubmissionWorker(CommandGateway commands, Evaluator evaluator, Clock clock, MeterRegistry metrics) {
        this.commands = commands;
        this.evaluator = evaluator;
        this.clock = clock;
        this.node = ProcessHandle.current().pid() + "@" + hostName();
        metrics.gauge("pylearn.worker.submissions.in_flight", inFlight);
        this.evaluationTime = Timer.builder("pylearn.worker.evaluation").register(metrics);
    }

    @EventHandler
    @DisallowReplay
    void on(SubmissionRequested submission) throws InterruptedException {
        try {
            runs.submit(() -> judge(submission)).get();
        } catch (ExecutionException e) {
            // thrown to Axon: the event is parked in the worker's dead-letter queue and retried from there
            throw new IllegalStateException("judging submission " + submission.submissionId() + " failed", e.getCause());
        }
    }

    private void judge(SubmissionRequested submission) {
        Boolean start = commands.sendAndWait(new StartSubmissionRun(submission.submissionId(), submission.attempt(),
                node, clock.instant()));
        if (!Boolean.TRUE.equals(start)) {
            log.debug("Submission {} attempt {} is no longer current; skipped", submission.submissionId(),
                    submission.attempt());
            return;
        }
        inFlight.incrementAndGet();
        try {
            // each test's outcome goes out as soon as it is known (fire and forget: the result below carries
            // them all and decides the verdict, so a late or lost report only delays what a watcher sees)
            Verdict verdict = evaluationTime.record(() -> evaluator.evaluate(submission, (index, outcome) ->
                    commands.send(new RecordTestOutcome(submission.submissionId(), submission.attempt(), index,
                                    outcome, clock.instant()))
                            .exceptionally(failure -> {
                                log.debug("Live report of test {} of {} not recorded: {}", index,
                                        submission.submissionId(), failure.toString());
                                return null;
                            })));
            commands.sendAndWait(new RecordSubmissionResult(submission.submissionId(), submission.attempt(),
                    verdict.status(), verdict.message(), verdict.tests(), clock.instant()));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void destroy() {
        runs.shutdownNow();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }
}
