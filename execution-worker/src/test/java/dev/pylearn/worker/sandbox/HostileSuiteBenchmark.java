package dev.pylearn.worker.sandbox;

import dev.pylearn.worker.sandbox.SandboxSettings.CgroupPolicy;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the hostile suite's figures per sandbox mode: programs tried, how many escaped, how many
 * left the server unhealthy, and what each program managed. {@code HostileProgramsTest} asserts the
 * same in the normal suite; this only prints.
 *
 * <pre>./mvnw -B -Pbenchmark verify -pl execution-worker -am -Dtest=HostileSuiteBenchmark</pre>
 */
@Tag("benchmark")
class HostileSuiteBenchmark {

    @Test
    void printHostileSuitePerMode() {
        List<HostileModes.Report> reports = List.of(
                HostileModes.asRoot(CgroupPolicy.REQUIRED),
                HostileModes.asRoot(CgroupPolicy.OFF),
                HostileModes.asUnprivilegedUser(true, CgroupPolicy.REQUIRED),
                HostileModes.asUnprivilegedUser(false, CgroupPolicy.AUTO));
        StringBuilder out = new StringBuilder("\nHostile programs per sandbox mode\n\n");
        out.append(String.format("| %-40s | %5s | %7s | %-26s |%n", "mode", "tried", "escaped", "server healthy after each"));
        out.append("|").append("-".repeat(42)).append("|-------|---------|").append("-".repeat(28)).append("|\n");
        for (HostileModes.Report report : reports) {
            out.append(String.format("| %-40s | %5d | %7d | %-26s |%n", report.mode(), report.outcomes().size(),
                    report.escaped(), report.refused() != null ? "REFUSED: " + report.refused()
                            : report.unhealthy() == 0 ? "yes, all " + report.outcomes().size()
                            : "NO after " + report.unhealthy()));
        }
        for (HostileModes.Report report : reports) {
            out.append("\n").append(report.mode()).append(": ").append(report.sandbox()).append("\n");
            for (HostileSuite.Outcome outcome : report.outcomes()) {
                out.append(String.format("  %-38s %-9s %s%s%n", outcome.program(),
                        outcome.contained() ? "contained" : "ESCAPED", outcome.detail(),
                        outcome.healthy() ? "" : "  [server unhealthy: " + outcome.unhealthy() + "]"));
            }
        }
        System.out.println(out);
    }
}
