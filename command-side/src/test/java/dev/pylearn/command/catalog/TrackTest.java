package dev.pylearn.command.catalog;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.catalog.LessonPublished;
import dev.pylearn.api.catalog.LessonRetired;
import dev.pylearn.api.catalog.PublishTrack;
import dev.pylearn.api.catalog.TrackPublished;
import dev.pylearn.api.challenge.ChallengePublished;
import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackTest {

    AggregateTestFixture<Track> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Track.class);
    }

    static PublishTrack track(PublishTrack.LessonContent... lessons) {
        return new PublishTrack("basics", 0, "Basics", "Start here", false, null,
                List.of(new PublishTrack.ModuleContent("basics-m1", "First steps", List.of(lessons))), List.of());
    }

    static final PublishTrack.LessonContent HELLO = new PublishTrack.LessonContent("hello", "Hello", 10, "# Hello");
    static final PublishTrack.LessonContent VARS = new PublishTrack.LessonContent("vars", "Variables", 20, "# Vars");

    static TrackPublished outline(PublishTrack.LessonContent... lessons) {
        return new TrackPublished("basics", 0, "Basics", "Start here", false, null,
                List.of(new TrackPublished.ModuleOutline("basics-m1", "First steps", List.of(lessons).stream()
                        .map(l -> new TrackPublished.LessonOutline(l.lessonId(), l.title(), l.xp())).toList())));
    }

    static LessonPublished published(PublishTrack.LessonContent lesson) {
        return new LessonPublished(lesson.lessonId(), "basics", "basics-m1", lesson.title(), lesson.xp(), lesson.body());
    }

    @Test
    void firstPublicationEmitsTheOutlineAndEveryLesson() {
        fixture.givenNoPriorActivity()
                .when(track(HELLO, VARS))
                .expectEvents(outline(HELLO, VARS), published(HELLO), published(VARS));
    }

    @Test
    void unchangedContentPublishesNothing() {
        fixture.given(outline(HELLO, VARS), published(HELLO), published(VARS))
                .when(track(HELLO, VARS))
                .expectNoEvents();
    }

    @Test
    void anEditedBodyRepublishesOnlyThatLesson() {
        PublishTrack.LessonContent edited = new PublishTrack.LessonContent("vars", "Variables", 20, "# Vars, better");
        fixture.given(outline(HELLO, VARS), published(HELLO), published(VARS))
                .when(track(HELLO, edited))
                .expectEvents(published(edited));
    }

    @Test
    void aRemovedLessonIsRetired() {
        fixture.given(outline(HELLO, VARS), published(HELLO), published(VARS))
                .when(track(HELLO))
                .expectEvents(outline(HELLO), new LessonRetired("vars", "basics"));
    }

    @Test
    void cannotPublishDuplicateLessonIdsOrBadXp() {
        fixture.givenNoPriorActivity().when(track(HELLO, HELLO)).expectException(Rejection.class).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(track(new PublishTrack.LessonContent("free", "Free", 0, "body")))
                .expectException(Rejection.class)
                .expectNoEvents();
    }

    static final ChallengeTest VISIBLE = ChallengeTest.calls("adds", false, null,
            List.of(ChallengeTest.Step.returns("add(1, 2)", "3")));
    static final ChallengeTest HIDDEN = ChallengeTest.calls("rejects text", true, "import math\n",
            List.of(ChallengeTest.Step.raises("add('a', 1)", "TypeError", null)));

    static PublishTrack withChallenge(ChallengeTest... tests) {
        return new PublishTrack("basics", 0, "Basics", "Start here", false, null,
                List.of(new PublishTrack.ModuleContent("basics-m1", "First steps", List.of(HELLO))),
                List.of(new PublishTrack.ChallengeContent("adder", "Adder", "easy", 10, 2000, ChallengeStyle.FUNCTION,
                        "Write add(a, b).", "def add(a, b):\n    pass\n", List.of(tests))));
    }

    static ChallengePublished challenge(ChallengeTest... tests) {
        return new ChallengePublished("adder", "basics", 0, "Adder", "easy", 10, 2000, ChallengeStyle.FUNCTION,
                "Write add(a, b).", "def add(a, b):\n    pass\n", List.of(tests));
    }

    @Test
    void aChallengeIsPublishedWithItsCallsAndRepublishedWhenAnExpectedValueChanges() {
        fixture.given(outline(HELLO), published(HELLO))
                .when(withChallenge(VISIBLE, HIDDEN))
                .expectEvents(challenge(VISIBLE, HIDDEN));
        ChallengeTest corrected = ChallengeTest.calls("adds", false, null,
                List.of(ChallengeTest.Step.returns("add(1, 2)", "3"), ChallengeTest.Step.returns("add(-1, 1)", "0")));
        fixture.given(outline(HELLO), published(HELLO), challenge(VISIBLE, HIDDEN))
                .when(withChallenge(corrected, HIDDEN))
                .expectEvents(challenge(corrected, HIDDEN));
        fixture.given(outline(HELLO), published(HELLO), challenge(VISIBLE, HIDDEN))
                .when(withChallenge(VISIBLE, HIDDEN))
                .expectNoEvents();
    }

    @Test
    void aFunctionTestWithoutCallsOrAnIoTestIsRefused() {
        fixture.given(outline(HELLO), published(HELLO))
                .when(withChallenge(VISIBLE, ChallengeTest.calls("nothing", true, null, List.of())))
                .expectException(Rejection.class)
                .expectNoEvents();
        fixture.given(outline(HELLO), published(HELLO))
                .when(withChallenge(VISIBLE, ChallengeTest.io("io test", true, "1\n", "2\n")))
                .expectException(Rejection.class)
                .expectNoEvents();
    }
}
