package dev.pylearn.query.battle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.query.battle.BattleChallenges.Candidate;
import dev.pylearn.query.battle.BattleChallenges.Player;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rule a new battle's challenge is chosen by, as its Javadoc states it. */
class BattleChallengesTest {

    static final List<Candidate> CATALOG = List.of(new Candidate("easy-1", 1), new Candidate("easy-2", 1),
            new Candidate("medium-1", 2), new Candidate("medium-2", 2), new Candidate("hard-1", 3));

    static Player level(int level, String... solved) {
        return new Player(level, List.of(solved));
    }

    /** What the rule picks in 200 tries: it picks at random among the equally good. */
    static Set<String> picks(Player a, Player b) {
        Set<String> picked = new HashSet<>();
        IntStream.range(0, 200).forEach(i -> picked.add(BattleChallenges.choose(CATALOG, a, b)));
        return picked;
    }

    @Test
    void beginnersGetAnEasyChallengeEitherOfTheTwo() {
        assertThat(picks(level(1), level(3))).containsExactlyInAnyOrder("easy-1", "easy-2");
    }

    @Test
    void theMeanLevelCallsForTheDifficulty() {
        assertThat(picks(level(3), level(7))).as("mean 5: medium").containsExactlyInAnyOrder("medium-1", "medium-2");
        assertThat(picks(level(8), level(12))).as("mean 10: hard").containsExactly("hard-1");
        assertThat(picks(level(7), level(8))).as("mean 7.5: still medium").containsExactlyInAnyOrder("medium-1",
                "medium-2");
    }

    @Test
    void aChallengeEitherPlayerSolvedComesLastWhateverItsDifficulty() {
        assertThat(picks(level(10, "hard-1"), level(10))).as("hard solved by one: the nearest unsolved, medium")
                .containsExactlyInAnyOrder("medium-1", "medium-2");
        assertThat(picks(level(1, "easy-1", "easy-2", "medium-1", "medium-2"), level(1)))
                .as("only the hard one unsolved").containsExactly("hard-1");
    }

    @Test
    void whenBothSolvedEverythingTheDifficultyStillDecides() {
        Player both = level(10, "easy-1", "easy-2", "medium-1", "medium-2", "hard-1");
        assertThat(picks(both, both)).containsExactly("hard-1");
    }

    @Test
    void aLearnerWithoutADashboardRowYetCountsAsLevelOneAlone() {
        assertThat(picks(null, null)).containsExactlyInAnyOrder("easy-1", "easy-2");
        assertThat(picks(null, level(12))).as("the other one's level alone: hard").containsExactly("hard-1");
    }

    @Test
    void anEmptyCatalogHasNoChallenge() {
        assertThat(BattleChallenges.choose(List.of(), level(1), level(1))).isNull();
    }
}
