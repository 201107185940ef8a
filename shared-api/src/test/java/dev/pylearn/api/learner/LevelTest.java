package dev.pylearn.api.learner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LevelTest {

    @Test
    void levelsFollowTheDocumentedThresholds() {
        assertThat(Level.forXp(0).value()).isEqualTo(1);
        assertThat(Level.forXp(49).value()).isEqualTo(1);
        assertThat(Level.forXp(50).value()).isEqualTo(2);
        assertThat(Level.forXp(199).value()).isEqualTo(2);
        assertThat(Level.forXp(200).value()).isEqualTo(3);
        assertThat(Level.forXp(450).value()).isEqualTo(4);
        assertThat(Level.forXp(800).value()).isEqualTo(5);
    }

    @Test
    void thresholdAndLevelAgreeEverywhere() {
        for (int level = 1; level < 2000; level++) {
            assertThat(Level.forXp(Level.threshold(level)).value()).isEqualTo(level);
            assertThat(Level.forXp(Level.threshold(level + 1) - 1).value()).isEqualTo(level);
        }
    }
}
