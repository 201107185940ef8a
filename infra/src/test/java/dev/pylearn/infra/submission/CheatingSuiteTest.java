package dev.pylearn.infra.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No way of faking a pass works on any challenge: every cheat of {@link CheatingSuite} is tried on
 * every shipped challenge through the real sandbox, and none is judged passed.
 */
class CheatingSuiteTest {

    @Test
    void noCheatPassesAnyChallenge() {
        try (Judge judge = new Judge()) {
            List<CheatingSuite.Attempt> attempts = CheatingSuite.run(judge);
            assertThat(attempts).hasSize(CheatingSuite.CHEATS.size() * judge.challenges.size());
            assertThat(attempts).filteredOn(CheatingSuite.Attempt::passed).isEmpty();
        }
    }
}
