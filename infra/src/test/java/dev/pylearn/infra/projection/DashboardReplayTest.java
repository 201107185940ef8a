package dev.pylearn.infra.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Replaying a projection from the event store rebuilds exactly the read model it had. */
class DashboardReplayTest extends PlatformTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStore eventStore;

    @Test
    void replayingTheDashboardProjectionGivesAnIdenticalReadModel() {
        Learner busy = register("America/New_York");
        for (String lesson : lessonsOf("python-basics").subList(0, 7)) {
            api.post("/api/me/lessons/" + lesson + "/completion", busy.token(), null);
        }
        api.post("/api/me/subscription", busy.token(), null);
        api.post("/api/admin/learners/" + busy.learnerId() + "/xp", adminToken(),
                Map.of("amount", 300, "reason", "replay check"));
        register("Asia/Tokyo");

        List<Map<String, Object>> before = dashboardRows();
        assertThat(before).isNotEmpty();

        StreamingEventProcessor processor = processing
                .eventProcessor("learner-dashboard", StreamingEventProcessor.class).orElseThrow();
        stop(processor);
        processor.resetTokens();
        assertThat(dashboardRowsCount()).as("the reset handler cleared the table").isZero();
        start(processor);

        TrackingToken head = eventStore.createHeadToken();
        await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(processor, head));

        assertThat(dashboardRows()).isEqualTo(before);
    }

    private long dashboardRowsCount() {
        return jdbc.sql("SELECT count(*) FROM learner_dashboard").query(Long.class).single();
    }

    private List<Map<String, Object>> dashboardRows() {
        return jdbc.sql("""
                        SELECT learner_id, username, display_name, timezone, xp, level, current_streak, longest_streak,
                               last_active_date, premium, array_to_string(completed_lessons, ',') AS completed,
                               registered_at, version
                        FROM learner_dashboard ORDER BY learner_id""")
                .query().listOfRows();
    }
}
