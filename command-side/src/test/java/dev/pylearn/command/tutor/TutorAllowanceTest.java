package dev.pylearn.command.tutor;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.PremiumStarted;
import dev.pylearn.api.tutor.AskTutor;
import dev.pylearn.api.tutor.RecordTutorAnswer;
import dev.pylearn.api.tutor.RecordTutorFailure;
import dev.pylearn.api.tutor.TutorAskResult;
import dev.pylearn.api.tutor.TutorQuestionAnswered;
import dev.pylearn.api.tutor.TutorQuestionAsked;
import dev.pylearn.api.tutor.TutorQuestionFailed;
import dev.pylearn.command.learner.Learner;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tutor's daily limit on the Learner aggregate: by plan, in the learner's local day, places given back on failure. */
class TutorAllowanceTest {

    static final String ID = "learner-1";
    // 23:30 in UTC is already the next day in Tokyo (08:30 on 2026-03-03)
    static final Instant T0 = Instant.parse("2026-03-02T23:30:00Z");
    static final LocalDate TOKYO_DAY = LocalDate.parse("2026-03-03");
    /** Midnight at the end of that day in Tokyo. */
    static final Instant RESET = Instant.parse("2026-03-03T15:00:00Z");

    AggregateTestFixture<Learner> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Learner.class);
        fixture.registerInjectableResource(new TutorLimits(2, 3));
    }

    static LearnerRegistered registered() {
        return new LearnerRegistered(ID, "ann", "Ann", "Asia/Tokyo", T0.minusSeconds(86_400));
    }

    static AskTutor ask(String questionId, Instant at) {
        return new AskTutor(ID, questionId, "c1", "lesson", "intro", "What is a loop?", at);
    }

    static TutorQuestionAsked asked(String questionId, LocalDate day, String plan, int limit, Instant at) {
        return new TutorQuestionAsked(ID, questionId, "c1", "lesson", "intro", "What is a loop?", day, plan, limit, at);
    }

    @Test
    void aQuestionWithinTheLimitCountsForTheLearnersLocalDay() {
        fixture.given(registered())
                .when(ask("q1", T0))
                .expectEvents(asked("q1", TOKYO_DAY, "free", 2, T0))
                .expectResultMessagePayload(new TutorAskResult(true, "q1", "c1", 2, 1, RESET, "free"));
    }

    @Test
    void cannotAskMoreThanTheFreeLimitInOneDay() {
        fixture.given(registered(), asked("q1", TOKYO_DAY, "free", 2, T0), asked("q2", TOKYO_DAY, "free", 2, T0))
                .when(ask("q3", T0.plusSeconds(60)))
                .expectNoEvents()
                .expectResultMessagePayload(new TutorAskResult(false, "q3", "c1", 2, 0, RESET, "free"));
    }

    @Test
    void premiumLearnersHaveThePremiumLimit() {
        fixture.given(registered(), new PremiumStarted(ID, T0), asked("q1", TOKYO_DAY, "free", 2, T0),
                        asked("q2", TOKYO_DAY, "free", 2, T0))
                .when(ask("q3", T0.plusSeconds(60)))
                .expectEvents(asked("q3", TOKYO_DAY, "premium", 3, T0.plusSeconds(60)))
                .expectResultMessagePayload(new TutorAskResult(true, "q3", "c1", 3, 0, RESET, "premium"));
    }

    @Test
    void theCountStartsAgainAtTheLearnersMidnight() {
        Instant nextTokyoDay = Instant.parse("2026-03-03T15:00:01Z");
        fixture.given(registered(), asked("q1", TOKYO_DAY, "free", 2, T0), asked("q2", TOKYO_DAY, "free", 2, T0))
                .when(ask("q3", nextTokyoDay))
                .expectEvents(asked("q3", TOKYO_DAY.plusDays(1), "free", 2, nextTokyoDay));
    }

    @Test
    void aFailedQuestionGivesItsPlaceBack() {
        fixture.given(registered(), asked("q1", TOKYO_DAY, "free", 2, T0), asked("q2", TOKYO_DAY, "free", 2, T0),
                        new TutorQuestionFailed(ID, "q2", "c1", "openai", "time-out", 60_000, TOKYO_DAY, T0))
                .when(ask("q3", T0.plusSeconds(60)))
                .expectEvents(asked("q3", TOKYO_DAY, "free", 2, T0.plusSeconds(60)));
    }

    @Test
    void anAnsweredQuestionKeepsItsPlace() {
        fixture.given(registered(), asked("q1", TOKYO_DAY, "free", 2, T0), asked("q2", TOKYO_DAY, "free", 2, T0),
                        new TutorQuestionAnswered(ID, "q2", "c1", "A loop repeats.", "offline", "course-material", 0, 0,
                                12, TOKYO_DAY, T0))
                .when(ask("q3", T0.plusSeconds(60)))
                .expectNoEvents()
                .expectResultMessagePayload(new TutorAskResult(false, "q3", "c1", 2, 0, RESET, "free"));
    }

    @Test
    void recordsAnAnswerWithItsUsageOnce() {
        RecordTutorAnswer answer = new RecordTutorAnswer(ID, "q1", "A loop repeats.", "openai", "gpt", 120, 30, 850, T0);
        fixture.given(registered(), asked("q1", TOKYO_DAY, "free", 2, T0))
                .when(answer)
                .expectEvents(new TutorQuestionAnswered(ID, "q1", "c1", "A loop repeats.", "openai", "gpt", 120, 30, 850,
                        TOKYO_DAY, T0))
                .expectResultMessagePayload(true);
        fixture.given(registered(), asked("q1", TOKYO_DAY, "free", 2, T0),
                        new TutorQuestionAnswered(ID, "q1", "c1", "A loop repeats.", "openai", "gpt", 120, 30, 850,
                                TOKYO_DAY, T0))
                .when(answer)
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aFailureOfAnAnsweredQuestionChangesNothing() {
        fixture.given(registered(), asked("q1", TOKYO_DAY, "free", 2, T0),
                        new TutorQuestionAnswered(ID, "q1", "c1", "A loop repeats.", "offline", "m", 0, 0, 5, TOKYO_DAY, T0))
                .when(new RecordTutorFailure(ID, "q1", "offline", "late", 10, T0))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void cannotAskAnEmptyOrOverlongQuestionOrWithAnUnknownContext() {
        List<AskTutor> bad = new ArrayList<>(List.of(
                new AskTutor(ID, "q1", "c1", "lesson", "intro", "  ", T0),
                new AskTutor(ID, "q1", "c1", "lesson", "intro", "x".repeat(TutorAllowance.MAX_QUESTION_CHARS + 1), T0),
                new AskTutor(ID, "q1", "c1", "homework", "intro", "Why?", T0)));
        for (AskTutor command : bad) {
            fixture.given(registered())
                    .when(command)
                    .expectNoEvents()
                    .expectException(Rejection.class);
        }
    }

    @Test
    void theSameQuestionSentTwiceIsTakenOnce() {
        fixture.given(registered(), asked("q1", TOKYO_DAY, "free", 2, T0))
                .when(ask("q1", T0))
                .expectNoEvents()
                .expectResultMessagePayload(new TutorAskResult(true, "q1", "c1", 2, 1, RESET, "free"));
    }
}
