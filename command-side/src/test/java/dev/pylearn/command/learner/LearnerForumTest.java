package dev.pylearn.command.learner;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.ArgumentMatchers.any;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.achievement.AchievementKind;
import dev.pylearn.api.achievement.AchievementUnlocked;
import dev.pylearn.api.forum.CountForumPost;
import dev.pylearn.api.forum.ForumPostCounted;
import dev.pylearn.api.forum.ForumSuspended;
import dev.pylearn.api.forum.ForumSuspensionLifted;
import dev.pylearn.api.forum.LiftForumSuspension;
import dev.pylearn.api.forum.SuspendFromForum;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LevelReached;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.command.achievement.AchievementRules;
import dev.pylearn.command.forum.ForumPosting;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Learner's part in the forum: post counts for achievements and suspensions. */
class LearnerForumTest {

    static final String ID = "learner-1";
    static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    static final LearnerRegistered REGISTERED = new LearnerRegistered(ID, "ann", "Ann", "UTC", T0);

    AggregateTestFixture<Learner> fixture;
    ForumPosting posting;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Learner.class);
        AchievementRules achievements = mock(AchievementRules.class);
        when(achievements.all()).thenReturn(List.of(
                new AchievementRules.AchievementRule("first-post", "Speaking Up", AchievementKind.FORUM_POSTS, 1, 10,
                        List.of()),
                new AchievementRules.AchievementRule("helpful-voice", "Helpful Voice", AchievementKind.FORUM_POSTS, 3,
                        75, List.of())));
        fixture.registerInjectableResource(achievements);
        posting = mock(ForumPosting.class);
        fixture.registerInjectableResource(posting);
    }

    @Test
    void theFirstPostUnlocksTheFirstForumAchievementOnce() {
        fixture.given(REGISTERED)
                .when(new CountForumPost(ID, "p1", T0))
                .expectEvents(new ForumPostCounted(ID, "p1", 1, T0),
                        new AchievementUnlocked(ID, "first-post", "Speaking Up", 10, T0),
                        new XpAwarded(ID, 10, "achievement:first-post", 10, T0));
        fixture.given(REGISTERED, new ForumPostCounted(ID, "p1", 1, T0),
                        new AchievementUnlocked(ID, "first-post", "Speaking Up", 10, T0))
                .when(new CountForumPost(ID, "p2", T0))
                .expectEvents(new ForumPostCounted(ID, "p2", 2, T0));
    }

    @Test
    void theThirdPostUnlocksTheNextThreshold() {
        fixture.given(REGISTERED, new ForumPostCounted(ID, "p1", 1, T0),
                        new AchievementUnlocked(ID, "first-post", "Speaking Up", 10, T0),
                        new XpAwarded(ID, 10, "achievement:first-post", 10, T0),
                        new ForumPostCounted(ID, "p2", 2, T0))
                .when(new CountForumPost(ID, "p3", T0))
                .expectEvents(new ForumPostCounted(ID, "p3", 3, T0),
                        new AchievementUnlocked(ID, "helpful-voice", "Helpful Voice", 75, T0),
                        new XpAwarded(ID, 75, "achievement:helpful-voice", 85, T0),
                        new LevelReached(ID, 2, T0));
    }

    @Test
    void anAdminSuspendsALearnerUntilATimeWithAReason() {
        Instant until = T0.plusSeconds(86_400);
        fixture.given(REGISTERED)
                .when(new SuspendFromForum(ID, until, " Spam ", "admin", T0))
                .expectEvents(new ForumSuspended(ID, until, "Spam", "admin", T0));
        verify(posting).suspend(ID, until, "Spam");
    }

    @Test
    void aSuspensionNeedsAReasonAndAnEndInTheFuture() {
        fixture.given(REGISTERED).when(new SuspendFromForum(ID, T0.minusSeconds(1), "Spam", "admin", T0))
                .expectException(Rejection.class).expectNoEvents();
        fixture.given(REGISTERED).when(new SuspendFromForum(ID, T0.plusSeconds(60), " ", "admin", T0))
                .expectException(Rejection.class).expectNoEvents();
        verify(posting, never()).suspend(any(), any(), any());
    }

    @Test
    void anAdminLiftsARunningSuspensionWithAReason() {
        when(posting.lift(ID, T0)).thenReturn(true);
        fixture.given(REGISTERED, new ForumSuspended(ID, T0.plusSeconds(86_400), "Spam", "admin", T0))
                .when(new LiftForumSuspension(ID, " Appeal accepted ", "admin", T0))
                .expectEvents(new ForumSuspensionLifted(ID, "Appeal accepted", "admin", T0));
    }

    @Test
    void cannotLiftASuspensionThatDoesNotRun() {
        when(posting.lift(ID, T0)).thenReturn(false);
        fixture.given(REGISTERED).when(new LiftForumSuspension(ID, "Appeal", "admin", T0))
                .expectException(Rejection.class)
                .expectExceptionMessage("This learner is not suspended from the forum; there is nothing to lift.")
                .expectNoEvents();
    }

    @Test
    void liftingNeedsAReason() {
        fixture.given(REGISTERED).when(new LiftForumSuspension(ID, " ", "admin", T0))
                .expectException(Rejection.class).expectNoEvents();
        verify(posting, never()).lift(any(), any());
    }
}
