package dev.pylearn.command.learner;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pylearn.api.achievement.AchievementKind;
import dev.pylearn.api.achievement.AchievementUnlocked;
import dev.pylearn.api.battle.BattleResultRecorded;
import dev.pylearn.api.battle.RecordBattleResult;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LevelReached;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.command.achievement.AchievementRules;
import dev.pylearn.command.battle.BattleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RecordBattleResult on the Learner: XP by outcome, once per battle, and the battles_won achievements. */
class LearnerBattleResultTest {

    static final String ID = "learner-1";
    static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    AggregateTestFixture<Learner> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Learner.class);
        AchievementRules achievements = mock(AchievementRules.class);
        when(achievements.all()).thenReturn(List.of(new AchievementRules.AchievementRule("first-victory",
                "First Victory", AchievementKind.BATTLES_WON, 1, 25, List.of())));
        fixture.registerInjectableResource(achievements);
        fixture.registerInjectableResource(new BattleSettings(Duration.ofMinutes(10), Duration.ofMinutes(2), 50, 10, 1,
                Duration.ofSeconds(10)));
    }

    private static LearnerRegistered registered() {
        return new LearnerRegistered(ID, "ann", "Ann", "UTC", T0);
    }

    @Test
    void aWinGivesXpCountsAndUnlocksTheFirstBattlesWonAchievement() {
        fixture.given(registered())
                .when(new RecordBattleResult(ID, "b1", "won", T0))
                .expectEvents(new BattleResultRecorded(ID, "b1", "won", 50, 1, T0),
                        new XpAwarded(ID, 50, "battle:b1", 50, T0),
                        new LevelReached(ID, 2, T0),
                        new AchievementUnlocked(ID, "first-victory", "First Victory", 25, T0),
                        new XpAwarded(ID, 25, "achievement:first-victory", 75, T0));
    }

    @Test
    void aBattlePlayedToItsEndGivesLessXpAndNoWin() {
        fixture.given(registered())
                .when(new RecordBattleResult(ID, "b1", "drawn", T0))
                .expectEvents(new BattleResultRecorded(ID, "b1", "drawn", 10, 0, T0),
                        new XpAwarded(ID, 10, "battle:b1", 10, T0));
        fixture.given(registered())
                .when(new RecordBattleResult(ID, "b1", "lost", T0))
                .expectEvents(new BattleResultRecorded(ID, "b1", "lost", 10, 0, T0),
                        new XpAwarded(ID, 10, "battle:b1", 10, T0));
    }

    @Test
    void aForfeitGivesNothing() {
        fixture.given(registered())
                .when(new RecordBattleResult(ID, "b1", "forfeited", T0))
                .expectEvents(new BattleResultRecorded(ID, "b1", "forfeited", 0, 0, T0));
    }

    @Test
    void aBattleIsRecordedOnce() {
        fixture.given(registered(), new BattleResultRecorded(ID, "b1", "won", 50, 1, T0))
                .when(new RecordBattleResult(ID, "b1", "won", T0))
                .expectNoEvents();
    }
}
