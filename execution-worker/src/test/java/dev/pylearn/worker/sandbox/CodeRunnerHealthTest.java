package dev.pylearn.worker.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The code runner's health against a real Piston look-alike running real code, up and down. */
class CodeRunnerHealthTest {

    @Test
    void upWhileTheCanaryRunsAndDownAsTheRunnersFaultWhenPistonFails() {
        try (LocalSandbox sandbox = new LocalSandbox("/usr/bin/python3", false, 1, 256L << 20, 64 * 1024);
             PistonStub piston = new PistonStub(sandbox)) {
            PistonRunner runner = new PistonRunner(piston.baseUrl(), "3.", Duration.ofSeconds(3), 256L << 20,
                    Duration.ofSeconds(2));
            try (CodeRunnerCanary working = new CodeRunnerCanary(runner, Duration.ofSeconds(30), Clock.systemUTC())) {
                Health up = new CodeRunnerHealth(working).health();

                assertThat(up.getStatus()).isEqualTo(Status.UP);
                assertThat(up.getDetails().get("canary")).isEqualTo("the canary program ran and answered correctly");
                assertThat(up.getDetails().get("runner").toString()).startsWith("Piston at " + piston.baseUrl());
            }

            piston.enqueue(PistonStub.unavailable());
            try (CodeRunnerCanary failing = new CodeRunnerCanary(runner, Duration.ofSeconds(30), Clock.systemUTC())) {
                Health down = new CodeRunnerHealth(failing).health();

                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails().get("canary")).isEqualTo("the code runner is unavailable: Piston answered 503");
            }
        }
    }
}
