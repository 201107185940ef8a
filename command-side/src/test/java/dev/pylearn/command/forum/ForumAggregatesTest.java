package dev.pylearn.command.forum;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.forum.CreateForumCategory;
import dev.pylearn.api.forum.DeletePost;
import dev.pylearn.api.forum.EditPost;
import dev.pylearn.api.forum.ForumCategoryCreated;
import dev.pylearn.api.forum.HidePost;
import dev.pylearn.api.forum.LockThread;
import dev.pylearn.api.forum.PostDeleted;
import dev.pylearn.api.forum.PostEdited;
import dev.pylearn.api.forum.PostHidden;
import dev.pylearn.api.forum.PostUnhidden;
import dev.pylearn.api.forum.PostWritten;
import dev.pylearn.api.forum.StartThread;
import dev.pylearn.api.forum.ThreadLocked;
import dev.pylearn.api.forum.ThreadStarted;
import dev.pylearn.api.forum.ThreadUnlocked;
import dev.pylearn.api.forum.UnhidePost;
import dev.pylearn.api.forum.UnlockThread;
import dev.pylearn.api.forum.WritePost;
import dev.pylearn.command.catalog.ChallengeRules;
import dev.pylearn.command.catalog.LessonRules;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Given/when/then for the forum's aggregates: every command, accepted and refused. */
class ForumAggregatesTest {

    static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    static final ThreadStarted STARTED = new ThreadStarted("t1", "general", "category", null, "Loops", "ann", T0);

    ForumPosting posting;

    @BeforeEach
    void posting() {
        posting = mock(ForumPosting.class);
    }

    @Nested
    class Category {

        AggregateTestFixture<ForumCategory> fixture;

        @BeforeEach
        void fixture() {
            fixture = new AggregateTestFixture<>(ForumCategory.class);
            fixture.registerInjectableResource(posting);
        }

        @Test
        void anAdminCreatesACategoryOnce() {
            fixture.givenNoPriorActivity()
                    .when(new CreateForumCategory("general", " General ", "Anything", "admin", T0))
                    .expectEvents(new ForumCategoryCreated("general", "General", "Anything", "admin", T0));
            fixture.given(new ForumCategoryCreated("general", "General", "", "admin", T0))
                    .when(new CreateForumCategory("general", "Again", "", "admin", T0))
                    .expectException(Rejection.class).expectExceptionMessage("A category 'general' exists already.")
                    .expectNoEvents();
        }

        @Test
        void cannotCreateACategoryWithABadId() {
            fixture.givenNoPriorActivity().when(new CreateForumCategory("Not OK", "x", "", "admin", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }

        @Test
        void cannotCreateACategoryWithoutTitle() {
            fixture.givenNoPriorActivity().when(new CreateForumCategory("ok", " ", "", "admin", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }

        @Test
        void aThreadStartsWithItsFirstPost() {
            fixture.given(new ForumCategoryCreated("general", "General", "", "admin", T0))
                    .when(new StartThread("general", "t1", "p1", "ann", " Loops ", " How? ", T0))
                    .expectEvents(STARTED, new PostWritten("p1", "t1", "ann", "How?", T0));
        }

        @Test
        void aSuspendedLearnerCannotStartAThread() {
            doThrow(new Rejection(Rejection.Kind.FORBIDDEN, "forum-suspended", "Suspended", "Reason: spam"))
                    .when(posting).mayPost(eq("ann"), any());
            fixture.given(new ForumCategoryCreated("general", "General", "", "admin", T0))
                    .when(new StartThread("general", "t1", "p1", "ann", "Loops", "How?", T0))
                    .expectException(Rejection.class).expectExceptionMessage("Reason: spam").expectNoEvents();
        }

        @Test
        void cannotStartAThreadWithoutTitleOrBody() {
            fixture.given(new ForumCategoryCreated("general", "General", "", "admin", T0))
                    .when(new StartThread("general", "t1", "p1", "ann", "Loops", "  ", T0))
                    .expectException(Rejection.class).expectNoEvents();
            fixture.given(new ForumCategoryCreated("general", "General", "", "admin", T0))
                    .when(new StartThread("general", "t1", "p1", "ann", "", "body", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }
    }

    @Nested
    class Thread {

        AggregateTestFixture<ForumThread> fixture;

        @BeforeEach
        void fixture() {
            fixture = new AggregateTestFixture<>(ForumThread.class);
            fixture.registerInjectableResource(posting);
            LessonRules lessons = mock(LessonRules.class);
            when(lessons.find(anyString())).thenReturn(Optional.empty());
            when(lessons.find("intro")).thenReturn(Optional.of(
                    new LessonRules.LessonRule("intro", "basics", 10, false, null, List.of())));
            ChallengeRules challenges = mock(ChallengeRules.class);
            when(challenges.find(anyString())).thenReturn(Optional.empty());
            fixture.registerInjectableResource(lessons);
            fixture.registerInjectableResource(challenges);
        }

        @Test
        void aReplyIsANewPost() {
            fixture.given(STARTED)
                    .when(new WritePost("t1", "p2", "bob", "Indent it.", T0))
                    .expectEvents(new PostWritten("p2", "t1", "bob", "Indent it.", T0));
        }

        @Test
        void theFirstReplyToALessonOpensItsDiscussion() {
            fixture.givenNoPriorActivity()
                    .when(new WritePost("lesson-intro", "p1", "bob", "Question", T0))
                    .expectEvents(new ThreadStarted("lesson-intro", null, "lesson", "intro", "Lesson: intro", null, T0),
                            new PostWritten("p1", "lesson-intro", "bob", "Question", T0));
        }

        @Test
        void anUnknownLessonHasNoDiscussion() {
            fixture.givenNoPriorActivity()
                    .when(new WritePost("lesson-nope", "p1", "bob", "Question", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }

        @Test
        void anUnknownThreadIsNotCreatedByAReply() {
            fixture.givenNoPriorActivity()
                    .when(new WritePost("some-uuid", "p1", "bob", "Question", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }

        @Test
        void aLockedThreadTakesNoReplies() {
            fixture.given(STARTED, new ThreadLocked("t1", "admin", "Answered", T0))
                    .when(new WritePost("t1", "p2", "bob", "more", T0))
                    .expectException(Rejection.class).expectExceptionMessage(
                            "This thread is locked and takes no more replies: Answered")
                    .expectNoEvents();
        }

        @Test
        void anAdminLocksAThreadOnceWithAReason() {
            fixture.given(STARTED).when(new LockThread("t1", "admin", "Off topic", T0))
                    .expectEvents(new ThreadLocked("t1", "admin", "Off topic", T0));
            fixture.given(STARTED, new ThreadLocked("t1", "admin", "Off topic", T0))
                    .when(new LockThread("t1", "admin", "Again", T0)).expectNoEvents();
            fixture.given(STARTED).when(new LockThread("t1", "admin", " ", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }

        @Test
        void anAdminUnlocksALockedThreadWithAReasonAndItTakesRepliesAgain() {
            fixture.given(STARTED, new ThreadLocked("t1", "admin", "Off topic", T0))
                    .when(new UnlockThread("t1", "admin", " Back on topic ", T0))
                    .expectEvents(new ThreadUnlocked("t1", "admin", "Back on topic", T0));
            verify(posting).unlock("t1");
            fixture.given(STARTED, new ThreadLocked("t1", "admin", "Off topic", T0),
                            new ThreadUnlocked("t1", "admin", "Back on topic", T0))
                    .when(new WritePost("t1", "p2", "bob", "more", T0))
                    .expectEvents(new PostWritten("p2", "t1", "bob", "more", T0));
        }

        @Test
        void lockingRecordsTheLockForThePostsOfTheThread() {
            fixture.given(STARTED).when(new LockThread("t1", "admin", "Off topic", T0))
                    .expectEvents(new ThreadLocked("t1", "admin", "Off topic", T0));
            verify(posting).lock("t1", "Off topic");
        }

        @Test
        void cannotUnlockAThreadThatIsNotLocked() {
            fixture.given(STARTED).when(new UnlockThread("t1", "admin", "Why not", T0))
                    .expectException(Rejection.class)
                    .expectExceptionMessage("This thread is not locked; there is nothing to unlock.")
                    .expectNoEvents();
            fixture.given(STARTED, new ThreadLocked("t1", "admin", "Off topic", T0),
                            new ThreadUnlocked("t1", "admin", "ok", T0))
                    .when(new UnlockThread("t1", "admin", "again", T0))
                    .expectException(Rejection.class).expectNoEvents();
            verify(posting, never()).unlock(anyString());
        }

        @Test
        void cannotUnlockWithoutAReason() {
            fixture.given(STARTED, new ThreadLocked("t1", "admin", "Off topic", T0))
                    .when(new UnlockThread("t1", "admin", " ", T0))
                    .expectException(Rejection.class).expectNoEvents();
            verify(posting, never()).unlock(anyString());
        }

        @Test
        void emptyOrOversizedRepliesAreRefused() {
            fixture.given(STARTED).when(new WritePost("t1", "p2", "bob", " \n ", T0))
                    .expectException(Rejection.class).expectNoEvents();
            fixture.given(STARTED).when(new WritePost("t1", "p2", "bob", "x".repeat(ForumRules.MAX_BODY + 1), T0))
                    .expectException(Rejection.class).expectExceptionMessage(
                            "A post may have at most 10000 characters; this one has 10001.")
                    .expectNoEvents();
        }

        @Test
        void aRateLimitedLearnerCannotReply() {
            doThrow(new Rejection(Rejection.Kind.TOO_MANY, "too-many-posts", "Too many", "wait", 5L))
                    .when(posting).mayPost(eq("bob"), any());
            fixture.given(STARTED).when(new WritePost("t1", "p2", "bob", "hi", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }
    }

    @Nested
    class Post {

        static final PostWritten WRITTEN = new PostWritten("p1", "t1", "ann", "first", T0);

        AggregateTestFixture<ForumPost> fixture;

        @BeforeEach
        void fixture() {
            fixture = new AggregateTestFixture<>(ForumPost.class);
            fixture.registerInjectableResource(posting);
        }

        @Test
        void theAuthorEditsTheirPostAndEachTextIsAnEvent() {
            fixture.given(WRITTEN).when(new EditPost("p1", "ann", " second ", T0))
                    .expectEvents(new PostEdited("p1", "t1", "second", T0));
            fixture.given(WRITTEN).when(new EditPost("p1", "ann", "first", T0)).expectNoEvents();
        }

        @Test
        void nobodyElseEditsOrDeletesIt() {
            fixture.given(WRITTEN).when(new EditPost("p1", "bob", "mine now", T0))
                    .expectException(Rejection.class).expectExceptionMessage("Only the author of a post may edit it.")
                    .expectNoEvents();
            fixture.given(WRITTEN).when(new DeletePost("p1", "bob", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }

        @Test
        void theAuthorDeletesItOnceAndThenItCannotChange() {
            fixture.given(WRITTEN).when(new DeletePost("p1", "ann", T0)).expectEvents(new PostDeleted("p1", "t1", T0));
            fixture.given(WRITTEN, new PostDeleted("p1", "t1", T0)).when(new EditPost("p1", "ann", "back", T0))
                    .expectException(Rejection.class).expectNoEvents();
            fixture.given(WRITTEN, new PostDeleted("p1", "t1", T0)).when(new DeletePost("p1", "ann", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }

        @Test
        void anAdminHidesItWithAReasonAndTheAuthorCannotEditItThen() {
            fixture.given(WRITTEN).when(new HidePost("p1", "admin", "Rude", T0))
                    .expectEvents(new PostHidden("p1", "t1", "admin", "Rude", T0));
            fixture.given(WRITTEN, new PostHidden("p1", "t1", "admin", "Rude", T0))
                    .when(new EditPost("p1", "ann", "sorry", T0))
                    .expectException(Rejection.class).expectExceptionMessage(
                            "This post was hidden by a moderator; it cannot be changed any more.")
                    .expectNoEvents();
            fixture.given(WRITTEN).when(new HidePost("p1", "admin", "", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }

        @Test
        void anAdminUnhidesAHiddenPostWithAReasonAndTheAuthorMayEditItAgain() {
            PostHidden hidden = new PostHidden("p1", "t1", "admin", "Rude", T0);
            fixture.given(WRITTEN, hidden).when(new UnhidePost("p1", "admin", " Misread it ", T0))
                    .expectEvents(new PostUnhidden("p1", "t1", "admin", "Misread it", T0));
            fixture.given(WRITTEN, hidden, new PostUnhidden("p1", "t1", "admin", "Misread it", T0))
                    .when(new EditPost("p1", "ann", "second", T0))
                    .expectEvents(new PostEdited("p1", "t1", "second", T0));
        }

        @Test
        void cannotUnhideAPostThatIsNotHiddenOrWithoutAReason() {
            fixture.given(WRITTEN).when(new UnhidePost("p1", "admin", "Fine", T0))
                    .expectException(Rejection.class)
                    .expectExceptionMessage("This post is not hidden; there is nothing to unhide.")
                    .expectNoEvents();
            fixture.given(WRITTEN, new PostHidden("p1", "t1", "admin", "Rude", T0))
                    .when(new UnhidePost("p1", "admin", "", T0))
                    .expectException(Rejection.class).expectNoEvents();
        }

        @Test
        void cannotEditOrDeleteAPostInALockedThread() {
            doThrow(new Rejection(Rejection.Kind.CONFLICT, "thread-locked", "Thread locked", "locked: Answered"))
                    .when(posting).unlocked(eq("t1"), anyString());
            fixture.given(WRITTEN).when(new EditPost("p1", "ann", "second", T0))
                    .expectException(Rejection.class).expectExceptionMessage("locked: Answered").expectNoEvents();
            fixture.given(WRITTEN).when(new DeletePost("p1", "ann", T0))
                    .expectException(Rejection.class).expectExceptionMessage("locked: Answered").expectNoEvents();
        }

        @Test
        void aSuspendedAuthorCannotEditButMayDelete() {
            doThrow(new Rejection(Rejection.Kind.FORBIDDEN, "forum-suspended", "Suspended", "Reason: spam"))
                    .when(posting).mayEdit(eq("ann"), any());
            fixture.given(WRITTEN).when(new EditPost("p1", "ann", "second", T0))
                    .expectException(Rejection.class).expectExceptionMessage("Reason: spam").expectNoEvents();
            fixture.given(WRITTEN).when(new DeletePost("p1", "ann", T0)).expectEvents(new PostDeleted("p1", "t1", T0));
        }
    }
}
