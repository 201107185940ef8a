package dev.pylearn.command.learner;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.ActiveDayRecorded;
import dev.pylearn.api.learner.AwardXp;
import dev.pylearn.api.learner.CancelPremium;
import dev.pylearn.api.learner.CompleteLesson;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LessonCompleted;
import dev.pylearn.api.learner.LevelReached;
import dev.pylearn.api.learner.PremiumCanceled;
import dev.pylearn.api.learner.PremiumStarted;
import dev.pylearn.api.learner.RegisterLearner;
import dev.pylearn.api.learner.StartPremium;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.api.learner.ChangeDisplayName;
import dev.pylearn.api.learner.ChangePassword;
import dev.pylearn.api.learner.ChangeTimezone;
import dev.pylearn.api.learner.DisplayNameChanged;
import dev.pylearn.api.learner.GrantRole;
import dev.pylearn.api.learner.LearnerChangeResult;
import dev.pylearn.api.learner.PasswordChangeResult;
import dev.pylearn.api.learner.PasswordChanged;
import dev.pylearn.api.learner.RevokeRole;
import dev.pylearn.api.learner.RoleGranted;
import dev.pylearn.api.learner.RoleRevoked;
import dev.pylearn.api.learner.RolesResult;
import dev.pylearn.api.learner.TimezoneChanged;
import dev.pylearn.command.account.Accounts;
import dev.pylearn.command.achievement.AchievementRules;
import dev.pylearn.command.catalog.LessonRules;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LearnerTest {

    static final String ID = "learner-1";
    static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    AggregateTestFixture<Learner> fixture;
    LessonRules rules;
    AchievementRules achievements;
    Accounts accounts;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Learner.class);
        rules = mock(LessonRules.class);
        when(rules.find(anyString())).thenReturn(Optional.empty());
        rule("intro", "basics", 30, false, null, List.of());
        rule("loops", "basics", 30, false, null, List.of());
        rule("functions", "intermediate", 40, false, "basics", List.of("intro", "loops"));
        rule("classes", "pro", 50, true, null, List.of());
        fixture.registerInjectableResource(rules);
        accounts = mock(Accounts.class);
        fixture.registerInjectableResource(accounts);
        achievements = mock(AchievementRules.class);
        when(achievements.all()).thenReturn(List.of());
        fixture.registerInjectableResource(achievements);
    }

    private void rule(String lesson, String track, int xp, boolean premium, String prerequisite, List<String> lessons) {
        when(rules.find(lesson)).thenReturn(Optional.of(
                new LessonRules.LessonRule(lesson, track, xp, premium, prerequisite, lessons)));
    }

    private static LearnerRegistered registered(String zone) {
        return new LearnerRegistered(ID, "ann", "Ann", zone, T0);
    }

    @Test
    void registersWithTheGivenTimezone() {
        fixture.givenNoPriorActivity()
                .when(new RegisterLearner(ID, "ann", " Ann ", "Europe/Berlin", "hash", Set.of("LEARNER"), T0))
                .expectEvents(new LearnerRegistered(ID, "ann", "Ann", "Europe/Berlin", T0));
    }

    @Test
    void cannotRegisterWithAnUnknownTimezone() {
        fixture.givenNoPriorActivity()
                .when(new RegisterLearner(ID, "ann", "Ann", "Moon/Base", "hash", Set.of("LEARNER"), T0))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void canCompleteLessonOnce() {
        fixture.given(registered("UTC"))
                .when(new CompleteLesson(ID, "intro", T0))
                .expectEvents(new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-02"), T0),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-02"), 1, 1),
                        new XpAwarded(ID, 30, "lesson:intro", 30, T0));
    }

    @Test
    void completingALessonTwiceAwardsNothing() {
        fixture.given(registered("UTC"), new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-02"), T0),
                        new XpAwarded(ID, 30, "lesson:intro", 30, T0))
                .when(new CompleteLesson(ID, "intro", T0.plusSeconds(60)))
                .expectNoEvents()
                .expectResultMessagePayload(new dev.pylearn.api.learner.LessonCompletionResult("intro", 0, 0, List.of(), true, 30, 1, 2));
    }

    @Test
    void cannotCompleteAnUnknownLesson() {
        fixture.given(registered("UTC"))
                .when(new CompleteLesson(ID, "nope", T0))
                .expectExceptionMessage("There is no lesson 'nope'.")
                .expectNoEvents();
    }

    @Test
    void cannotCompleteAPremiumLessonWithoutPremium() {
        fixture.given(registered("UTC"))
                .when(new CompleteLesson(ID, "classes", T0))
                .expectException(Rejection.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("premium"))
                .expectNoEvents();
    }

    @Test
    void premiumOpensPremiumLessons() {
        fixture.given(registered("UTC"), new PremiumStarted(ID, T0))
                .when(new CompleteLesson(ID, "classes", T0))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.listWithAnyOf(
                                org.axonframework.test.matchers.Matchers.equalTo(
                                        new XpAwarded(ID, 50, "lesson:classes", 50, T0)))));
    }

    @Test
    void cannotStartATrackBeforeFinishingItsPrerequisite() {
        fixture.given(registered("UTC"), new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-02"), T0))
                .when(new CompleteLesson(ID, "functions", T0))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("basics"))
                .expectNoEvents();
    }

    @Test
    void crossingSeveralLevelsAtOnceReachesEachOfThem() {
        fixture.given(registered("UTC"))
                .when(new AwardXp(ID, 450, "contest", T0))
                .expectEvents(new XpAwarded(ID, 450, "contest", 450, T0), new LevelReached(ID, 2, T0),
                        new LevelReached(ID, 3, T0), new LevelReached(ID, 4, T0));
    }

    @Test
    void cannotAwardNegativeXp() {
        fixture.given(registered("UTC"))
                .when(new AwardXp(ID, -10, "oops", T0))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void cannotAwardXpWithoutAReason() {
        fixture.given(registered("UTC"))
                .when(new AwardXp(ID, 10, " ", T0))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void activityOnTheNextLocalDayExtendsTheStreak() {
        fixture.given(registered("UTC"), new ActiveDayRecorded(ID, LocalDate.parse("2026-03-01"), 4, 6))
                .when(new CompleteLesson(ID, "intro", T0))
                .expectEvents(new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-02"), T0),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-02"), 5, 6),
                        new XpAwarded(ID, 30, "lesson:intro", 30, T0));
    }

    @Test
    void aMissedDayResetsTheStreakButKeepsTheLongest() {
        fixture.given(registered("UTC"), new ActiveDayRecorded(ID, LocalDate.parse("2026-02-28"), 6, 6))
                .when(new CompleteLesson(ID, "intro", T0))
                .expectEvents(new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-02"), T0),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-02"), 1, 6),
                        new XpAwarded(ID, 30, "lesson:intro", 30, T0));
    }

    @Test
    void aSecondActivityOnTheSameDayLeavesTheStreak() {
        fixture.given(registered("UTC"), new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-02"), T0),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-02"), 1, 1),
                        new XpAwarded(ID, 30, "lesson:intro", 30, T0))
                .when(new CompleteLesson(ID, "loops", T0.plusSeconds(3600)))
                .expectEvents(new LessonCompleted(ID, "loops", "basics", LocalDate.parse("2026-03-02"),
                                T0.plusSeconds(3600)),
                        new XpAwarded(ID, 30, "lesson:loops", 60, T0.plusSeconds(3600)), new LevelReached(ID, 2,
                                T0.plusSeconds(3600)));
    }

    @Test
    void streakDaysAreLocalDaysAcrossTheSpringDstChange() {
        // New York springs forward on 2026-03-08: that local day has only 23 hours
        Instant saturdayLate = Instant.parse("2026-03-08T04:30:00Z"); // Sat 2026-03-07 23:30 EST
        Instant sundayLate = Instant.parse("2026-03-09T03:30:00Z");   // Sun 2026-03-08 23:30 EDT
        fixture.given(registered("America/New_York"),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-07"), 3, 3),
                        new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-07"), saturdayLate))
                .when(new CompleteLesson(ID, "loops", sundayLate))
                .expectEvents(new LessonCompleted(ID, "loops", "basics", LocalDate.parse("2026-03-08"), sundayLate),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-08"), 4, 4),
                        new XpAwarded(ID, 30, "lesson:loops", 30, sundayLate));
    }

    @Test
    void streakDaysAreLocalDaysAcrossTheAutumnDstChange() {
        // Berlin falls back on 2026-10-25: that local day has 25 hours
        Instant saturdayEarly = Instant.parse("2026-10-23T22:30:00Z"); // Sat 2026-10-24 00:30 CEST
        Instant sundayLate = Instant.parse("2026-10-25T22:30:00Z");    // Sun 2026-10-25 23:30 CET
        fixture.given(registered("Europe/Berlin"),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-10-24"), 1, 1),
                        new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-10-24"), saturdayEarly))
                .when(new CompleteLesson(ID, "loops", sundayLate))
                .expectEvents(new LessonCompleted(ID, "loops", "basics", LocalDate.parse("2026-10-25"), sundayLate),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-10-25"), 2, 2),
                        new XpAwarded(ID, 30, "lesson:loops", 30, sundayLate));
    }

    @Test
    void theLearnersZoneDecidesTheDayNotUtc() {
        // 09:59 and 10:01 UTC are the same UTC day but different days at UTC+14 (Kiritimati)
        Instant before = Instant.parse("2026-03-02T09:59:00Z"); // 2026-03-02 23:59 local
        Instant after = Instant.parse("2026-03-02T10:01:00Z");  // 2026-03-03 00:01 local
        fixture.given(registered("Pacific/Kiritimati"),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-02"), 1, 1),
                        new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-02"), before))
                .when(new CompleteLesson(ID, "loops", after))
                .expectEvents(new LessonCompleted(ID, "loops", "basics", LocalDate.parse("2026-03-03"), after),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-03"), 2, 2),
                        new XpAwarded(ID, 30, "lesson:loops", 30, after));
    }

    @Test
    void anAchievementUnlocksOnceWithItsRewardAndRewardsCanUnlockMore() {
        when(achievements.all()).thenReturn(List.of(
                new AchievementRules.AchievementRule("first-steps", "First Steps",
                        dev.pylearn.api.achievement.AchievementKind.LESSONS_COMPLETED, 1, 25, List.of()),
                new AchievementRules.AchievementRule("level-2", "Level Up",
                        dev.pylearn.api.achievement.AchievementKind.LEVEL, 2, 0, List.of())));
        fixture.given(registered("UTC"))
                .when(new CompleteLesson(ID, "intro", T0))
                .expectEvents(new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-02"), T0),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-02"), 1, 1),
                        new XpAwarded(ID, 30, "lesson:intro", 30, T0),
                        new dev.pylearn.api.achievement.AchievementUnlocked(ID, "first-steps", "First Steps", 25, T0),
                        new XpAwarded(ID, 25, "achievement:first-steps", 55, T0),
                        new LevelReached(ID, 2, T0),
                        new dev.pylearn.api.achievement.AchievementUnlocked(ID, "level-2", "Level Up", 0, T0));
    }

    @Test
    void anUnlockedAchievementNeverUnlocksAgain() {
        when(achievements.all()).thenReturn(List.of(new AchievementRules.AchievementRule("first-steps",
                "First Steps", dev.pylearn.api.achievement.AchievementKind.LESSONS_COMPLETED, 1, 25, List.of())));
        fixture.given(registered("UTC"), new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-02"), T0),
                        new dev.pylearn.api.achievement.AchievementUnlocked(ID, "first-steps", "First Steps", 25, T0))
                .when(new AwardXp(ID, 5, "bonus", T0))
                .expectEvents(new XpAwarded(ID, 5, "bonus", 5, T0));
    }

    @Test
    void premiumStartsAndCancelsOnlyWhenItChanges() {
        fixture.given(registered("UTC")).when(new StartPremium(ID, T0)).expectEvents(new PremiumStarted(ID, T0));
        fixture.given(registered("UTC"), new PremiumStarted(ID, T0)).when(new StartPremium(ID, T0)).expectNoEvents();
        fixture.given(registered("UTC"), new PremiumStarted(ID, T0)).when(new CancelPremium(ID, T0))
                .expectEvents(new PremiumCanceled(ID, T0));
        fixture.given(registered("UTC")).when(new CancelPremium(ID, T0)).expectNoEvents();
    }

    @Test
    void changesTheDisplayNameNormalized() {
        fixture.given(registered("UTC"))
                .when(new ChangeDisplayName(ID, "  Ada   Lovelace ", T0))
                .expectEvents(new DisplayNameChanged(ID, "Ada Lovelace", T0))
                .expectResultMessagePayload(new LearnerChangeResult(ID, true, 1));
    }

    @Test
    void theSameDisplayNameAgainChangesNothing() {
        fixture.given(registered("UTC"), new DisplayNameChanged(ID, "Ada", T0))
                .when(new ChangeDisplayName(ID, "Ada", T0))
                .expectNoEvents()
                .expectResultMessagePayload(new LearnerChangeResult(ID, false, 1));
    }

    @Test
    void cannotTakeAnInvisibleOrControlDisplayName() {
        for (String name : List.of("", "   ", "Ada\u200BLovelace", "\u202EnimdA", "Ada\u0007", "Ada\u0085",
                "\u3164", "Ada\u2800", "Ada\uFEFF", "A\u0301\u0301\u0301\u0301\u0301", "x".repeat(65))) {
            fixture.given(registered("UTC"))
                    .when(new ChangeDisplayName(ID, name, T0))
                    .expectException(Rejection.class)
                    .expectNoEvents();
        }
    }

    @Test
    void changesTheTimezoneToARegion() {
        fixture.given(registered("UTC"))
                .when(new ChangeTimezone(ID, "america/new_york", T0))
                .expectEvents(new TimezoneChanged(ID, "America/New_York", T0))
                .expectResultMessagePayload(new LearnerChangeResult(ID, true, 1));
    }

    @Test
    void etcUtcIsUtcAndChangesNothingForALearnerInUtc() {
        fixture.given(registered("UTC"))
                .when(new ChangeTimezone(ID, "Etc/UTC", T0))
                .expectNoEvents()
                .expectResultMessagePayload(new LearnerChangeResult(ID, false, 0));
    }

    @Test
    void cannotTakeAFixedOffsetInAnySpelling() {
        for (String zone : List.of("+02:00", "-05:00", "Z", "UTC+2", "UTC+02:00", "GMT+2", "GMT", "UT+2",
                "Etc/GMT-2", "Etc/GMT", "GMT0", "EST", "Moon/Base", " ")) {
            fixture.given(registered("Europe/Berlin"))
                    .when(new ChangeTimezone(ID, zone, T0))
                    .expectException(Rejection.class)
                    .expectNoEvents();
        }
    }

    @Test
    void daysAfterATimezoneChangeCountInTheNewZone() {
        // 23:30 UTC is still 2026-03-02 in UTC, but already 2026-03-03 in Berlin
        Instant late = Instant.parse("2026-03-02T23:30:00Z");
        fixture.given(registered("UTC"), new ActiveDayRecorded(ID, LocalDate.parse("2026-03-02"), 1, 1),
                        new TimezoneChanged(ID, "Europe/Berlin", T0))
                .when(new CompleteLesson(ID, "intro", late))
                .expectEvents(new LessonCompleted(ID, "intro", "basics", LocalDate.parse("2026-03-03"), late),
                        new ActiveDayRecorded(ID, LocalDate.parse("2026-03-03"), 2, 2),
                        new XpAwarded(ID, 30, "lesson:intro", 30, late));
    }

    @Test
    void changesThePasswordInANewTokenGeneration() {
        when(accounts.changePassword(ID, "new-hash")).thenReturn(3L);
        fixture.given(registered("UTC"))
                .when(new ChangePassword(ID, "new-hash", T0))
                .expectEvents(new PasswordChanged(ID, T0))
                .expectResultMessagePayload(new PasswordChangeResult(ID, 3, 1));
    }

    @Test
    void grantsARoleOnceWithWhoGrantedIt() {
        when(accounts.grantRole(ID, "ANALYST")).thenReturn(new Accounts.RoleChange(Set.of("LEARNER", "ANALYST"), true));
        fixture.given(registered("UTC"))
                .when(new GrantRole(ID, "analyst", "admin-1", T0))
                .expectEvents(new RoleGranted(ID, "ANALYST", "admin-1", T0))
                .expectResultMessagePayload(new RolesResult(ID, Set.of("LEARNER", "ANALYST"), 1));
    }

    @Test
    void grantingARoleAlreadyHeldChangesNothing() {
        when(accounts.grantRole(ID, "ADMIN")).thenReturn(new Accounts.RoleChange(Set.of("LEARNER", "ADMIN"), false));
        fixture.given(registered("UTC"))
                .when(new GrantRole(ID, "ADMIN", "admin-1", T0))
                .expectNoEvents()
                .expectResultMessagePayload(new RolesResult(ID, Set.of("LEARNER", "ADMIN"), 0));
    }

    @Test
    void revokesARole() {
        when(accounts.revokeRole(ID, "ADMIN")).thenReturn(new Accounts.RoleChange(Set.of("LEARNER"), true));
        fixture.given(registered("UTC"))
                .when(new RevokeRole(ID, "ADMIN", "admin-1", T0))
                .expectEvents(new RoleRevoked(ID, "ADMIN", "admin-1", T0));
    }

    @Test
    void cannotRevokeTheLastAdmin() {
        when(accounts.revokeRole(ID, "ADMIN")).thenThrow(new Rejection(Rejection.Kind.CONFLICT, "last-admin",
                "Last admin", "This account is the last admin."));
        fixture.given(registered("UTC"))
                .when(new RevokeRole(ID, "ADMIN", ID, T0))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void cannotGrantAnUnknownRole() {
        fixture.given(registered("UTC"))
                .when(new GrantRole(ID, "wizard", "admin-1", T0))
                .expectException(Rejection.class)
                .expectNoEvents();
    }
}
