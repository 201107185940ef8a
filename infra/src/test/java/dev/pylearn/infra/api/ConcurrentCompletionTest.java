package dev.pylearn.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.api.catalog.PublishTrack;
import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Many commands on one learner at once: every one counts, none is lost. */
class ConcurrentCompletionTest extends PlatformTest {

    static final String TRACK = "concurrency-drill";

    @Autowired
    CommandGateway commands;

    @Test
    void fiftyParallelCompletionsGiveExactlyTheSumOfTheirXp() throws Exception {
        // a track of 50 free lessons, published like the curriculum is, each worth a different XP
        List<PublishTrack.LessonContent> lessons = IntStream.rangeClosed(1, 50)
                .mapToObj(i -> new PublishTrack.LessonContent(TRACK + "-" + i, "Drill " + i, i, "Practice " + i))
                .toList();
        commands.sendAndWait(new PublishTrack(TRACK, 99, "Concurrency drill", "Fifty short drills", false, null,
                List.of(new PublishTrack.ModuleContent(TRACK + "-module", "Drills", lessons)), List.of()));
        int expected = IntStream.rangeClosed(1, 50).sum();
        Learner learner = register();

        ExecutorService pool = Executors.newFixedThreadPool(50);
        int awarded = 0;
        List<Future<Api.Response>> calls = new ArrayList<>();
        try {
            for (PublishTrack.LessonContent lesson : lessons) {
                Callable<Api.Response> call = () -> new Api(port)
                        .post("/api/me/lessons/" + lesson.lessonId() + "/completion", learner.token(), null);
                calls.add(pool.submit(call));
            }
            int lessonXp = 0;
            for (Future<Api.Response> call : calls) {
                Api.Response response = call.get();
                assertThat(response.status()).as(response.text()).isEqualTo(200);
                lessonXp += response.json().get("lessonXp").asInt();
                awarded += response.json().get("xpAwarded").asInt();
            }
            assertThat(lessonXp).isEqualTo(expected);
        } finally {
            pool.shutdownNow();
        }

        // achievements unlocked on the way add their rewards on top, each exactly once
        long total = api.get("/api/me", learner.token()).json().get("xp").asLong();
        assertThat(total).isEqualTo(expected + achievementXp(learner.token()));
        assertThat(total).as("what the 50 answers said they earned").isEqualTo(awarded);
        assertThat(LearningFlowTest.track(api.get("/api/me/dashboard", learner.token()).json(), TRACK)
                .get("completedLessons").asInt()).isEqualTo(50);
        long lessonXpEvents = jdbc.sql("""
                        SELECT count(*) FROM domain_event_entry
                        WHERE aggregate_identifier = ? AND payload_type = 'dev.pylearn.api.learner.XpAwarded'
                          AND convert_from(payload, 'UTF8') LIKE '%"reason":"lesson:%'""")
                .param(learner.learnerId()).query(Long.class).single();
        assertThat(lessonXpEvents).isEqualTo(50);
        long unlocks = jdbc.sql("""
                        SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?
                          AND payload_type = 'dev.pylearn.api.achievement.AchievementUnlocked'""")
                .param(learner.learnerId()).query(Long.class).single();
        long distinctUnlocks = jdbc.sql("""
                        SELECT count(DISTINCT convert_from(payload, 'UTF8')::jsonb ->> 'achievementId')
                        FROM domain_event_entry WHERE aggregate_identifier = ?
                          AND payload_type = 'dev.pylearn.api.achievement.AchievementUnlocked'""")
                .param(learner.learnerId()).query(Long.class).single();
        assertThat(unlocks).as("each achievement unlocked once, under 50 concurrent commands").isEqualTo(distinctUnlocks)
                .isPositive();
    }
}
