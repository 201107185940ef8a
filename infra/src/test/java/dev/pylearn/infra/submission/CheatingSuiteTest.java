package dev.pylearn.infra.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.command.catalog.CatalogImporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No way of faking a pass works: every cheat of {@link CheatingSuite} is tried through the real sandbox
 * on the first {@value #PER_STYLE} shipped challenges of each style (functions, programs: each judged its
 * own way), and none is judged passed. Every cheat on every challenge (340 attempts, five minutes here)
 * is the benchmark harness's {@code CheatingSuiteBenchmark}, which prints the figure.
 */
class CheatingSuiteTest {

    static final int PER_STYLE = 3;

    @Test
    void noCheatPassesAChallengeOfEitherStyle() {
        try (Judge judge = new Judge()) {
            Map<Object, List<CatalogImporter.ChallengeFile>> byStyle = new LinkedHashMap<>();
            for (CatalogImporter.ChallengeFile challenge : judge.challenges) {
                List<CatalogImporter.ChallengeFile> ofStyle = byStyle.computeIfAbsent(challenge.content().style(),
                        style -> new ArrayList<>());
                if (ofStyle.size() < PER_STYLE) {
                    ofStyle.add(challenge);
                }
            }
            assertThat(byStyle).as("both styles are shipped").hasSize(2);
            List<CatalogImporter.ChallengeFile> sample = byStyle.values().stream().flatMap(List::stream).toList();
            List<CheatingSuite.Attempt> attempts = CheatingSuite.run(judge, sample);
            assertThat(attempts).hasSize(CheatingSuite.CHEATS.size() * sample.size());
            assertThat(attempts).filteredOn(CheatingSuite.Attempt::passed).isEmpty();
        }
    }
}
