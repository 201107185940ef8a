package dev.pylearn.command.battle;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.AcceptBattle;
import dev.pylearn.api.battle.BattleAccepted;
import dev.pylearn.api.battle.BattleCodeSubmitted;
import dev.pylearn.api.battle.BattleDeclined;
import dev.pylearn.api.battle.BattleDrawn;
import dev.pylearn.api.battle.BattleExpired;
import dev.pylearn.api.battle.BattleForfeited;
import dev.pylearn.api.battle.BattleMatched;
import dev.pylearn.api.battle.BattleRequested;
import dev.pylearn.api.battle.BattleStarted;
import dev.pylearn.api.battle.BattleSubmissionDropped;
import dev.pylearn.api.battle.BattleSubmissionJudged;
import dev.pylearn.api.battle.BattleWon;
import dev.pylearn.api.battle.DeclineBattle;
import dev.pylearn.api.battle.DropBattleSubmission;
import dev.pylearn.api.battle.ForfeitBattle;
import dev.pylearn.api.battle.MatchBattle;
import dev.pylearn.api.battle.RecordBattleJudgement;
import dev.pylearn.api.battle.RequestBattle;
import dev.pylearn.api.battle.SubmitBattleCode;
import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.command.catalog.ChallengeRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Battle's rules, one fixture per command and deadline: what each accepts, refuses and decides. */
class BattleTest {

    static final String ID = "battle-1";
    static final String ANN = "ann";
    static final String BOB = "bob";
    static final String CHALLENGE = "fizzbuzz";
    static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    static final Duration LIMIT = Duration.ofMinutes(10);
    static final Duration ACCEPTANCE = Duration.ofMinutes(2);

    AggregateTestFixture<Battle> fixture;
    BattleSeats seats;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Battle.class);
        fixture.setReportIllegalStateChange(true);
        seats = mock(BattleSeats.class);
        ChallengeRules rules = mock(ChallengeRules.class);
        when(rules.find(anyString())).thenReturn(Optional.empty());
        when(rules.find(CHALLENGE)).thenReturn(Optional.of(new ChallengeRules.ChallengeRule(CHALLENGE, "basics", 20,
                false, null, List.of(), ChallengeStyle.FUNCTION, 2000,
                Collections.nCopies(4, (ChallengeTest) null))));
        fixture.registerInjectableResource(seats);
        fixture.registerInjectableResource(rules);
        fixture.registerInjectableResource(new BattleSettings(LIMIT, ACCEPTANCE, 50, 10, 1, Duration.ofSeconds(10)));
    }

    private static BattleRequested requested() {
        return new BattleRequested(ID, ANN, BOB, CHALLENGE, 4, T0.plus(ACCEPTANCE), T0);
    }

    private static BattleMatched matched() {
        return new BattleMatched(ID, ANN, BOB, CHALLENGE, 4, T0);
    }

    private static BattleStarted started() {
        return new BattleStarted(ID, ANN, BOB, CHALLENGE, T0.plus(LIMIT), T0);
    }

    private static BattleCodeSubmitted submitted(String learner, String submission, int seconds) {
        return new BattleCodeSubmitted(ID, learner, submission, T0.plusSeconds(seconds));
    }

    private static BattleSubmissionJudged judged(String learner, String submission, int passed, int seconds) {
        return new BattleSubmissionJudged(ID, learner, submission, passed, passed == 4, T0.plusSeconds(seconds));
    }

    @Test
    void aChallengeSeatsBothAndWaitsForAcceptanceUntilItsDeadline() {
        fixture.givenNoPriorActivity()
                .when(new RequestBattle(ID, ANN, BOB, CHALLENGE, T0))
                .expectSuccessfulHandlerExecution()
                .expectEvents(requested())
                .expectScheduledDeadlineWithName(T0.plus(ACCEPTANCE), Battle.ACCEPTANCE);
        verify(seats).claim(ID, ANN, BOB);
    }

    @Test
    void cannotChallengeYourself() {
        fixture.givenNoPriorActivity()
                .when(new RequestBattle(ID, ANN, ANN, CHALLENGE, T0))
                .expectException(Rejection.class)
                .expectExceptionMessage("You cannot battle yourself; name another learner.")
                .expectNoEvents();
        verify(seats, never()).claim(anyString(), anyString(), anyString());
    }

    @Test
    void cannotChallengeABusyOpponent() {
        doThrow(new Rejection(Rejection.Kind.CONFLICT, "opponent-busy", "Opponent busy", "busy"))
                .when(seats).claim(ID, ANN, BOB);
        fixture.givenNoPriorActivity()
                .when(new RequestBattle(ID, ANN, BOB, CHALLENGE, T0))
                .expectException(Rejection.class)
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void cannotBattleOnAnUnknownChallenge() {
        fixture.givenNoPriorActivity()
                .when(new RequestBattle(ID, ANN, BOB, "nope", T0))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void aMatchStartsAtOnceWithItsTimeLimit() {
        fixture.givenNoPriorActivity()
                .when(new MatchBattle(ID, ANN, BOB, CHALLENGE, T0))
                .expectEvents(matched(), started())
                .expectScheduledDeadlineWithName(T0.plus(LIMIT), Battle.TIME_LIMIT);
        verify(seats).claim(ID, ANN, BOB);
    }

    @Test
    void cannotBeMatchedWithYourself() {
        fixture.givenNoPriorActivity()
                .when(new MatchBattle(ID, ANN, ANN, CHALLENGE, T0))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void theOpponentAcceptsAndTheBattleStarts() {
        Instant at = T0.plusSeconds(30);
        fixture.given(requested())
                .when(new AcceptBattle(ID, BOB, at))
                .expectEvents(new BattleAccepted(ID, BOB, at), new BattleStarted(ID, ANN, BOB, CHALLENGE, at.plus(LIMIT), at));
    }

    @Test
    void onlyTheOpponentMayAccept() {
        fixture.given(requested())
                .when(new AcceptBattle(ID, ANN, T0.plusSeconds(1)))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void cannotAcceptTwice() {
        fixture.given(requested(), new BattleAccepted(ID, BOB, T0), started())
                .when(new AcceptBattle(ID, BOB, T0.plusSeconds(2)))
                .expectExceptionMessage("This challenge was already accepted.")
                .expectNoEvents();
    }

    @Test
    void cannotAcceptAfterExpiry() {
        fixture.given(requested(), new BattleExpired(ID, T0.plus(ACCEPTANCE)))
                .when(new AcceptBattle(ID, BOB, T0.plus(ACCEPTANCE).plusSeconds(1)))
                .expectExceptionMessage("The challenge was not accepted in time; it can no longer be accepted or declined.")
                .expectNoEvents();
    }

    @Test
    void cannotAcceptPastTheDeadlineEvenBeforeItFired() {
        fixture.given(requested())
                .when(new AcceptBattle(ID, BOB, T0.plus(ACCEPTANCE)))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void theOpponentDeclinesAndTheSeatsAreGivenBack() {
        fixture.given(requested())
                .when(new DeclineBattle(ID, BOB, T0.plusSeconds(5)))
                .expectEvents(new BattleDeclined(ID, BOB, T0.plusSeconds(5)));
        verify(seats).release(ID);
    }

    @Test
    void onlyTheOpponentMayDecline() {
        fixture.given(requested())
                .when(new DeclineBattle(ID, ANN, T0.plusSeconds(5)))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void anUnansweredChallengeExpiresAtItsDeadline() {
        fixture.givenCommands(new RequestBattle(ID, ANN, BOB, CHALLENGE, T0))
                .whenTimeElapses(ACCEPTANCE.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(Battle.ACCEPTANCE)
                .expectEvents(new BattleExpired(ID, T0.plus(ACCEPTANCE)));
        verify(seats).release(ID);
    }

    @Test
    void anAcceptedChallengeDoesNotExpire() {
        fixture.givenCommands(new RequestBattle(ID, ANN, BOB, CHALLENGE, fixture.currentTime()),
                        new AcceptBattle(ID, BOB, fixture.currentTime().plusSeconds(1)))
                .whenTimeElapses(ACCEPTANCE.plusSeconds(1))
                .expectNoEvents();
    }

    @Test
    void aPlayerSubmitsWhileTheBattleRunsAndLearnsTheChallenge() {
        fixture.given(matched(), started())
                .when(new SubmitBattleCode(ID, ANN, "s1", T0.plusSeconds(20)))
                .expectEvents(submitted(ANN, "s1", 20))
                .expectResultMessagePayload(CHALLENGE);
    }

    @Test
    void cannotSubmitToABattleYouAreNotIn() {
        fixture.given(matched(), started())
                .when(new SubmitBattleCode(ID, "carol", "s1", T0.plusSeconds(20)))
                .expectExceptionMessage("You are not a player in this battle.")
                .expectNoEvents();
    }

    @Test
    void cannotSubmitToAnEndedBattle() {
        fixture.given(matched(), started(), new BattleForfeited(ID, BOB, ANN, T0.plusSeconds(5)))
                .when(new SubmitBattleCode(ID, ANN, "s1", T0.plusSeconds(20)))
                .expectExceptionMessage("This battle has ended.")
                .expectNoEvents();
    }

    @Test
    void cannotSubmitAfterTheTimeLimitEvenBeforeTheDeadlineFired() {
        fixture.given(matched(), started())
                .when(new SubmitBattleCode(ID, ANN, "s1", T0.plus(LIMIT)))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void cannotSubmitBeforeTheChallengeIsAccepted() {
        fixture.given(requested())
                .when(new SubmitBattleCode(ID, ANN, "s1", T0.plusSeconds(20)))
                .expectExceptionMessage("The battle has not started yet: the challenge is still waiting to be accepted.")
                .expectNoEvents();
    }

    @Test
    void aSubmissionTheLearnerRefusedIsDroppedOnce() {
        fixture.given(matched(), started(), submitted(ANN, "s1", 20))
                .when(new DropBattleSubmission(ID, "s1"))
                .expectEvents(new BattleSubmissionDropped(ID, ANN, "s1"));
        fixture.given(matched(), started(), submitted(ANN, "s1", 20), new BattleSubmissionDropped(ID, ANN, "s1"))
                .when(new DropBattleSubmission(ID, "s1"))
                .expectNoEvents();
    }

    @Test
    void theFirstSubmissionPassingEveryTestWins() {
        Instant at = T0.plusSeconds(30);
        fixture.given(matched(), started(), submitted(BOB, "s1", 20))
                .when(new RecordBattleJudgement(ID, "s1", 4, true, at))
                .expectEvents(new BattleSubmissionJudged(ID, BOB, "s1", 4, true, at),
                        new BattleWon(ID, BOB, ANN, "all-tests-passed", at));
        verify(seats).release(ID);
    }

    @Test
    void aPartialPassIsRecordedAndDecidesNothingYet() {
        Instant at = T0.plusSeconds(30);
        fixture.given(matched(), started(), submitted(BOB, "s1", 20))
                .when(new RecordBattleJudgement(ID, "s1", 2, false, at))
                .expectEvents(new BattleSubmissionJudged(ID, BOB, "s1", 2, false, at));
    }

    @Test
    void aVerdictIsRecordedOnceAndOnlyForThisBattlesSubmissions() {
        fixture.given(matched(), started(), submitted(BOB, "s1", 20), judged(BOB, "s1", 2, 25))
                .when(new RecordBattleJudgement(ID, "s1", 4, true, T0.plusSeconds(30)))
                .expectNoEvents();
        fixture.given(matched(), started())
                .when(new RecordBattleJudgement(ID, "other", 4, true, T0.plusSeconds(30)))
                .expectNoEvents();
    }

    @Test
    void aPassAfterTheEndWinsNothing() {
        Instant at = T0.plusSeconds(30);
        fixture.given(matched(), started(), submitted(BOB, "s1", 20), new BattleForfeited(ID, ANN, BOB, T0.plusSeconds(25)))
                .when(new RecordBattleJudgement(ID, "s1", 4, true, at))
                .expectEvents(new BattleSubmissionJudged(ID, BOB, "s1", 4, true, at));
    }

    @Test
    void aPlayerForfeitsAndTheOtherWins() {
        Instant at = T0.plusSeconds(40);
        fixture.given(matched(), started())
                .when(new ForfeitBattle(ID, ANN, at))
                .expectEvents(new BattleForfeited(ID, ANN, BOB, at));
        verify(seats).release(ID);
    }

    @Test
    void cannotForfeitTwiceOrSomebodyElsesBattle() {
        fixture.given(matched(), started(), new BattleForfeited(ID, ANN, BOB, T0))
                .when(new ForfeitBattle(ID, BOB, T0.plusSeconds(1)))
                .expectException(Rejection.class)
                .expectNoEvents();
        fixture.given(matched(), started())
                .when(new ForfeitBattle(ID, "carol", T0.plusSeconds(1)))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    @Test
    void atTheTimeLimitMostTestsPassedWins() {
        Instant start = fixture.currentTime();
        fixture.givenCommands(new MatchBattle(ID, ANN, BOB, CHALLENGE, start),
                        new SubmitBattleCode(ID, ANN, "a1", start.plusSeconds(10)),
                        new RecordBattleJudgement(ID, "a1", 3, false, start.plusSeconds(12)),
                        new SubmitBattleCode(ID, BOB, "b1", start.plusSeconds(5)),
                        new RecordBattleJudgement(ID, "b1", 2, false, start.plusSeconds(14)))
                .whenTimeElapses(LIMIT.plusSeconds(1))
                .expectEvents(new BattleWon(ID, ANN, BOB, "time-limit", start.plus(LIMIT)));
    }

    @Test
    void atTheTimeLimitATieGoesToTheEarlierSubmission() {
        Instant start = fixture.currentTime();
        fixture.givenCommands(new MatchBattle(ID, ANN, BOB, CHALLENGE, start),
                        new SubmitBattleCode(ID, ANN, "a1", start.plusSeconds(10)),
                        new SubmitBattleCode(ID, BOB, "b1", start.plusSeconds(5)),
                        new RecordBattleJudgement(ID, "a1", 2, false, start.plusSeconds(12)),
                        new RecordBattleJudgement(ID, "b1", 2, false, start.plusSeconds(14)))
                .whenTimeElapses(LIMIT.plusSeconds(1))
                .expectEvents(new BattleWon(ID, BOB, ANN, "time-limit", start.plus(LIMIT)));
    }

    @Test
    void atTheTimeLimitNothingPassedIsADraw() {
        Instant start = fixture.currentTime();
        fixture.givenCommands(new MatchBattle(ID, ANN, BOB, CHALLENGE, start),
                        new SubmitBattleCode(ID, ANN, "a1", start.plusSeconds(10)),
                        new RecordBattleJudgement(ID, "a1", 0, false, start.plusSeconds(12)))
                .whenTimeElapses(LIMIT.plusSeconds(1))
                .expectEvents(new BattleDrawn(ID, ANN, BOB, start.plus(LIMIT)));
    }

    @Test
    void theTimeLimitOfAnEndedBattleDoesNothing() {
        Instant start = fixture.currentTime();
        fixture.givenCommands(new MatchBattle(ID, ANN, BOB, CHALLENGE, start),
                        new ForfeitBattle(ID, ANN, start.plusSeconds(3)))
                .whenTimeElapses(LIMIT.plusSeconds(1))
                .expectNoEvents();
    }
}
