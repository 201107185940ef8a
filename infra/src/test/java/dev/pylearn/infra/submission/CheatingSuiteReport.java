package dev.pylearn.infra.submission;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The cheating suite's figures as text, for the benchmark (the suite's classes stay package-private). */
public final class CheatingSuiteReport {

    public static String report() {
        try (Judge judge = new Judge()) {
            List<CheatingSuite.Attempt> attempts = CheatingSuite.run(judge);
            long passed = attempts.stream().filter(CheatingSuite.Attempt::passed).count();
            StringBuilder out = new StringBuilder(String.format("%nCheating suite: %d attempts tried (%d cheats x %d "
                    + "challenges), %d passed%n%n", attempts.size(), CheatingSuite.CHEATS.size(),
                    judge.challenges.size(), passed));
            Map<String, Map<String, Long>> byCheat = new TreeMap<>();
            for (CheatingSuite.Attempt attempt : attempts) {
                byCheat.computeIfAbsent(attempt.cheat(), k -> new TreeMap<>()).merge(attempt.status(), 1L, Long::sum);
            }
            out.append(String.format("| %-58s | %s |%n", "cheat", "verdicts"));
            out.append("|").append("-".repeat(60)).append("|").append("-".repeat(30)).append("|\n");
            byCheat.forEach((cheat, verdicts) -> out.append(String.format("| %-58s | %s |%n", cheat,
                    verdicts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", ")))));
            attempts.stream().filter(CheatingSuite.Attempt::passed).forEach(a -> out.append("PASSED: ")
                    .append(a.cheat()).append(" on ").append(a.challenge()).append('\n'));
            return out.toString();
        }
    }

    private CheatingSuiteReport() {
    }
}
