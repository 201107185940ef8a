package dev.pylearn.infra.benchmark;

import dev.pylearn.api.learner.AwardXp;
import dev.pylearn.infra.support.PlatformTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a command on a learner costs as their history grows: learners with 100, 1,000 and 10,000
 * events, then 200 {@code AwardXp} commands on each, timed one by one (p50, p95). With snapshots the
 * cost should not grow with history (target: 10,000 within 1.5x of 100; before snapshots the p50 went
 * from 6.5 ms to 52.7 ms). Run: {@code ./mvnw -Pbenchmark verify -pl infra -am -Dtest=LearnerHistoryBenchmark}.
 */
@Tag("benchmark")
class LearnerHistoryBenchmark extends PlatformTest {

    @Autowired
    CommandGateway commands;

    @Test
    void commandCostAgainstHistory() {
        List<String> rows = new ArrayList<>();
        double base = 0;
        for (int history : new int[] {100, 1_000, 10_000}) {
            Learner learner = register();
            for (int i = 0; i < history; i++) {
                commands.sendAndWait(new AwardXp(learner.learnerId(), 1, "history", Instant.now()));
            }
            for (int i = 0; i < 20; i++) { // warm-up: the first loads after a snapshot
                commands.sendAndWait(new AwardXp(learner.learnerId(), 1, "warm-up", Instant.now()));
            }
            long[] nanos = new long[200];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                commands.sendAndWait(new AwardXp(learner.learnerId(), 1, "measured", Instant.now()));
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double p50 = nanos[nanos.length / 2] / 1e6;
            double p95 = nanos[(int) (nanos.length * 0.95)] / 1e6;
            if (history == 100) {
                base = p50;
            }
            rows.add(String.format("history %,6d events: AwardXp p50 %6.2f ms, p95 %6.2f ms, p50 %.2fx of 100",
                    history, p50, p95, p50 / base));
        }
        System.out.printf("%nBENCHMARK command cost against a learner's history (snapshot every %s events; target <= 1.5x)%n",
                System.getProperty("pylearn.learner.snapshot-threshold", "100"));
        rows.forEach(row -> System.out.println("BENCHMARK " + row));
    }
}
