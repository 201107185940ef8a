package dev.pylearn.infra.benchmark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the cheating suite's figure: attempts tried (every cheat on every challenge, through the
 * real sandbox), how many were judged passed, and the verdicts per cheat.
 * {@code CheatingSuiteTest} asserts the same in the normal suite.
 *
 * <pre>./mvnw -B -Pbenchmark verify -pl infra -am -Dtest=CheatingSuiteBenchmark</pre>
 */
@Tag("benchmark")
class CheatingSuiteBenchmark {

    @Test
    void printCheatingSuite() {
        System.out.println(dev.pylearn.infra.submission.CheatingSuiteReport.report());
    }
}
