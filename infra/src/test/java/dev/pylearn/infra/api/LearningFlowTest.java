package dev.pylearn.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What a learner does, through the public API, with every read made right after the write. */
class LearningFlowTest extends PlatformTest {

    @Test
    void completingALessonEarnsItsXpOnceAndTheDashboardShowsItAtOnce() {
        Learner learner = register("Europe/Berlin");
        String first = lessonsOf("python-basics").get(0);
        int xp = lessonXp(first);

        Api.Response done = api.post("/api/me/lessons/" + first + "/completion", learner.token(), null);
        assertThat(done.status()).as(done.text()).isEqualTo(200);
        assertThat(done.json().get("lessonXp").asInt()).isEqualTo(xp);
        assertThat(done.json().get("alreadyCompleted").asBoolean()).isFalse();
        long rewards = achievementXp(learner.token());
        assertThat(done.json().get("achievementsUnlocked").size()).as("a first lesson unlocks First Steps").isPositive();
        assertThat(done.json().get("xpAwarded").asLong()).as("the lesson and its rewards").isEqualTo(xp + rewards);

        JsonNode dashboard = api.get("/api/me/dashboard", learner.token()).json();
        assertThat(dashboard.get("xp").asLong()).isEqualTo(xp + rewards);
        assertThat(dashboard.get("currentStreak").asInt()).isEqualTo(1);
        assertThat(dashboard.get("longestStreak").asInt()).isEqualTo(1);
        JsonNode basics = track(dashboard, "python-basics");
        assertThat(basics.get("completedLessons").asInt()).isEqualTo(1);
        assertThat(basics.get("totalLessons").asInt()).isEqualTo(20);
        assertThat(basics.get("completionPercentage").asInt()).isEqualTo(5);
        assertThat(basics.get("nextLesson").get("lessonId").asString()).isEqualTo(lessonsOf("python-basics").get(1));
        assertThat(basics.get("locked").asBoolean()).isFalse();
        assertThat(basics.get("lockReason").isNull()).isTrue();

        Api.Response again = api.post("/api/me/lessons/" + first + "/completion", learner.token(), null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("xpAwarded").asInt()).isZero();
        assertThat(again.json().get("alreadyCompleted").asBoolean()).isTrue();
        assertThat(api.get("/api/me", learner.token()).json().get("xp").asLong()).isEqualTo(xp + rewards);
    }

    @Test
    void dashboardListsEveryTrackWithItsLock() {
        Learner learner = register();
        JsonNode dashboard = api.get("/api/me/dashboard", learner.token()).json();
        assertThat(dashboard.get("learnerId").asString()).isEqualTo(learner.learnerId());
        assertThat(track(dashboard, "python-basics").get("locked").asBoolean()).isFalse();
        assertThat(track(dashboard, "python-intermediate").get("lockReason").asString())
                .isEqualTo("prerequisite_incomplete");
        assertThat(track(dashboard, "python-pro").get("lockReason").asString()).isEqualTo("premium_required");
        assertThat(track(dashboard, "python-pro").get("nextLesson").get("title").asString()).isNotBlank();
    }

    @Test
    void lockedLessonsAreRefusedWithAReasonAndChangeNothing() {
        Learner learner = register();
        String premiumLesson = lessonsOf("python-pro").get(0);
        Api.Response premium = api.post("/api/me/lessons/" + premiumLesson + "/completion", learner.token(), null);
        assertProblem(premium, 403, "lesson-locked");
        assertThat(premium.json().get("detail").asString()).contains("premium");

        String laterLesson = lessonsOf("python-intermediate").get(0);
        Api.Response prerequisite = api.post("/api/me/lessons/" + laterLesson + "/completion", learner.token(), null);
        assertProblem(prerequisite, 403, "lesson-locked");
        assertThat(prerequisite.json().get("detail").asString()).contains("python-basics");

        assertThat(api.get("/api/me", learner.token()).json().get("xp").asLong()).isZero();
        assertProblem(api.post("/api/me/lessons/no-such-lesson/completion", learner.token(), null), 404,
                "unknown-lesson");
    }

    @Test
    void finishingAPrerequisiteTrackUnlocksTheNextOne() {
        Learner learner = register();
        int total = 0;
        for (String lesson : lessonsOf("python-basics")) {
            Api.Response done = api.post("/api/me/lessons/" + lesson + "/completion", learner.token(), null);
            assertThat(done.status()).as(done.text()).isEqualTo(200);
            total += done.json().get("xpAwarded").asInt();
        }
        JsonNode dashboard = api.get("/api/me/dashboard", learner.token()).json();
        assertThat(dashboard.get("xp").asLong()).as("every completion's XP, rewards included").isEqualTo(total);
        assertThat(track(dashboard, "python-basics").get("completionPercentage").asInt()).isEqualTo(100);
        assertThat(track(dashboard, "python-basics").get("nextLesson").isNull()).isTrue();
        assertThat(track(dashboard, "python-intermediate").get("locked").asBoolean()).isFalse();
        // level follows the documented formula: 50 * (level - 1)^2 XP
        int expectedLevel = (int) Math.floor(Math.sqrt(total / 50.0)) + 1;
        assertThat(dashboard.get("level").asInt()).isEqualTo(expectedLevel);

        String next = lessonsOf("python-intermediate").get(0);
        assertThat(api.post("/api/me/lessons/" + next + "/completion", learner.token(), null).status()).isEqualTo(200);
    }

    @Test
    void premiumSubscriptionOpensPremiumLessonsUntilCanceled() {
        Learner learner = register();
        String premiumLesson = lessonsOf("python-pro").get(0);
        assertProblem(api.get("/api/lessons/" + premiumLesson, learner.token()), 403, "premium-required");
        assertProblem(api.get("/api/lessons/" + premiumLesson, null), 401, "authentication-required");

        Api.Response on = api.post("/api/me/subscription", learner.token(), null);
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.json().get("premium").asBoolean()).isTrue();
        assertThat(api.get("/api/me", learner.token()).json().get("premium").asBoolean()).isTrue();
        JsonNode pro = track(api.get("/api/me/dashboard", learner.token()).json(), "python-pro");
        assertThat(pro.get("lockReason").asString()).isEqualTo("prerequisite_incomplete");
        assertThat(api.get("/api/lessons/" + premiumLesson, learner.token()).json().get("body").asString()).isNotBlank();

        Api.Response off = api.delete("/api/me/subscription", learner.token());
        assertThat(off.json().get("premium").asBoolean()).isFalse();
        assertThat(api.get("/api/me", learner.token()).json().get("premium").asBoolean()).isFalse();
        assertThat(track(api.get("/api/me/dashboard", learner.token()).json(), "python-pro").get("lockReason")
                .asString()).isEqualTo("premium_required");
    }

    @Test
    void adminAwardsXpAndLevelsFollow() {
        Learner learner = register();
        String admin = adminToken();
        Api.Response award = api.post("/api/admin/learners/" + learner.learnerId() + "/xp", admin,
                Map.of("amount", 450, "reason", "Won the autumn contest"));
        assertThat(award.status()).as(award.text()).isEqualTo(200);
        long total = 450 + achievementXp(learner.token());
        assertThat(award.json().get("totalXp").asLong()).isEqualTo(total);
        assertThat(award.json().get("level").asInt()).isEqualTo(4);
        JsonNode me = api.get("/api/me", learner.token()).json();
        assertThat(me.get("xp").asLong()).isEqualTo(total);
        assertThat(me.get("level").asInt()).isEqualTo(4);

        assertProblem(api.post("/api/admin/learners/" + learner.learnerId() + "/xp", admin,
                Map.of("amount", -5, "reason", "oops")), 400, "invalid-xp-amount");
        assertProblem(api.post("/api/admin/learners/" + learner.learnerId() + "/xp", admin,
                Map.of("amount", 5)), 400, "invalid-xp-reason");
        assertProblem(api.post("/api/admin/learners/no-such-learner/xp", admin,
                Map.of("amount", 5, "reason", "ghost")), 404, "unknown-learner");
        assertThat(api.get("/api/me", learner.token()).json().get("xp").asLong()).isEqualTo(total);
    }

    @Test
    void catalogIsPublicAndTrackPagesShowTheCallersProgress() {
        Api.Response tracks = api.get("/api/tracks", null);
        assertThat(tracks.status()).isEqualTo(200);
        List<String> ids = tracks.json().valueStream().map(t -> t.get("trackId").asString()).toList();
        assertThat(ids).containsSubsequence("python-basics", "python-intermediate", "python-pro");
        JsonNode intermediate = tracks.json().valueStream()
                .filter(t -> t.get("trackId").asString().equals("python-intermediate")).findFirst().orElseThrow();
        assertThat(intermediate.get("prerequisiteTrackId").asString()).isEqualTo("python-basics");
        assertThat(intermediate.get("lessonCount").asInt()).isEqualTo(12);

        Learner learner = register();
        String first = lessonsOf("python-basics").get(0);
        api.post("/api/me/lessons/" + first + "/completion", learner.token(), null);
        JsonNode page = api.get("/api/tracks/python-basics", learner.token()).json();
        JsonNode firstLesson = page.get("modules").get(0).get("lessons").get(0);
        assertThat(firstLesson.get("lessonId").asString()).isEqualTo(first);
        assertThat(firstLesson.get("completed").asBoolean()).isTrue();
        assertThat(firstLesson.get("locked").asBoolean()).isFalse();
        assertThat(firstLesson.get("xp").asInt()).isPositive();
        assertThat(page.get("challenges").size()).as("track pages list their challenges").isPositive();
        assertThat(page.get("challenges").get(0).get("challengeId").isString()).isTrue();
        JsonNode anonymous = api.get("/api/tracks/python-basics", null).json();
        assertThat(anonymous.get("modules").get(0).get("lessons").get(0).get("completed").asBoolean()).isFalse();

        JsonNode lesson = api.get("/api/lessons/" + first, null).json();
        assertThat(lesson.get("title").asString()).isNotBlank();
        assertThat(lesson.get("body").asString()).contains("```python");
        assertProblem(api.get("/api/tracks/no-such-track", null), 404, "unknown-track");
        assertProblem(api.get("/api/lessons/no-such-lesson", null), 404, "unknown-lesson");
    }

    private int lessonXp(String lessonId) {
        return api.get("/api/lessons/" + lessonId, null).json().get("xp").asInt();
    }

    static JsonNode track(JsonNode dashboard, String trackId) {
        return dashboard.get("tracks").valueStream().filter(t -> t.get("trackId").asString().equals(trackId))
                .findFirst().orElseThrow(() -> new AssertionError("no track " + trackId + " in " + dashboard));
    }
}
