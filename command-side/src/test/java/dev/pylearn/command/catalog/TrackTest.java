package dev.pylearn.command.catalog;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.catalog.LessonPublished;
import dev.pylearn.api.catalog.LessonRetired;
import dev.pylearn.api.catalog.PublishTrack;
import dev.pylearn.api.catalog.TrackPublished;
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
}
