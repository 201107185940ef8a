package dev.pylearn.worker.sandbox;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * UP while the code runner's canary passes: a real run of a tiny program, at most once per interval
 * and never waited for here (the endpoint is public). DOWN says it is the runner that fails, so a
 * node that cannot judge submissions is not reported healthy.
 */
@Component("codeRunnerHealthIndicator")
class CodeRunnerHealth implements HealthIndicator {

    private final CodeRunnerCanary canary;

    CodeRunnerHealth(CodeRunnerCanary canary) {
        this.canary = canary;
    }

    @Override
    public Health health() {
        CodeRunnerCanary.Status status = canary.current();
        return (status.up() ? Health.up() : Health.down())
                .withDetail("runner", canary.runner())
                .withDetail("canary", status.detail())
                .withDetail("checkedAt", status.checkedAt().toString())
                .withDetail("durationMs", status.durationMs())
                .build();
    }
}
