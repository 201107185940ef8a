package dev.pylearn.worker.evaluation;

import dev.pylearn.worker.sandbox.CodeRunner;
import dev.pylearn.worker.sandbox.RunRequest;
import dev.pylearn.worker.sandbox.RunResult;
import dev.pylearn.worker.sandbox.TransientBackendException;
import io.github.bucket4j.BlockingBucket;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * Every call to the code runner goes through here: first a token from the rate limit that all
 * worker processes share (Bucket4j on PostgreSQL), then the call, retried by Resilience4j on
 * transient failures with exponential backoff and jitter, waiting at least what a 429's
 * Retry-After asks. Past the last attempt the transient failure is thrown to the caller.
 */
public class BackendGuard {

    private final CodeRunner runner;
    private final BlockingBucket rateLimit;
    private final Retry retry;
    private final Counter retries;
    private final Counter failures;
    private final Counter runs;

    public BackendGuard(CodeRunner runner, BlockingBucket rateLimit, int maxAttempts, Duration initialBackoff,
                        Duration maxBackoff, MeterRegistry metrics) {
        this.runner = runner;
        this.rateLimit = rateLimit;
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(initialBackoff.toMillis(), 2.0, 0.5,
                maxBackoff.toMillis());
        this.retry = Retry.of("code-runner", RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .retryExceptions(TransientBackendException.class)
                .intervalBiFunction((attempt, outcome) -> {
                    long wait = backoff.apply(attempt);
                    if (outcome.isLeft() && outcome.getLeft() instanceof TransientBackendException busy
                            && busy.retryAfter() != null) {
                        wait = Math.max(wait, busy.retryAfter().toMillis());
                    }
                    return wait;
                })
                .build());
        this.retries = Counter.builder("pylearn.worker.backend.retries").register(metrics);
        this.failures = Counter.builder("pylearn.worker.backend.errors").register(metrics);
        this.runs = Counter.builder("pylearn.worker.runs").description("Code runs (syntax checks and tests) answered "
                + "by the code runner").register(metrics);
        retry.getEventPublisher().onRetry(event -> retries.increment());
        retry.getEventPublisher().onError(event -> failures.increment());
    }

    public RunResult run(RunRequest request) {
        return Retry.decorateSupplier(retry, () -> {
            try {
                rateLimit.consume(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientBackendException("interrupted while waiting for the rate limit", null, e);
            }
            RunResult result = runner.run(request);
            runs.increment();
            return result;
        }).get();
    }

    public String describe() {
        return runner.describe();
    }
}
