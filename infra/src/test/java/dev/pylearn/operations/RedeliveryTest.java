package dev.pylearn.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.infra.support.PlatformTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Projections apply a batch in memory and write it once (projections' Batch). When a processor's
 * token goes back (a node died after writing rows but before its token, or an operator moved it),
 * events are delivered again over rows that have them already: no counter may move.
 */
class RedeliveryTest extends PlatformTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    EventStore eventStore;

    @Test
    void eventsDeliveredAgainChangeNoRow() {
        long before = jdbc.sql("SELECT coalesce(max(global_index), -1) FROM domain_event_entry").query(Long.class).single();
        Learner busy = register("Pacific/Auckland");
        for (String lesson : lessonsOf("python-basics").subList(0, 5)) {
            api.post("/api/me/lessons/" + lesson + "/completion", busy.token(), null);
        }
        api.post("/api/admin/learners/" + busy.learnerId() + "/xp", adminToken(), Map.of("amount", 75, "reason", "again"));
        register("UTC");
        TrackingToken head = eventStore.createHeadToken();

        for (String projection : List.of("learner-dashboard", "achievement-stats", "leaderboards", "analytics")) {
            StreamingEventProcessor processor = processing.eventProcessor(projection, StreamingEventProcessor.class)
                    .orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(processor, head));
            Map<String, List<Map<String, Object>>> rows = ReadModelRows.of(jdbc, projection);
            assertThat(rows.values()).anySatisfy(table -> assertThat(table).isNotEmpty());

            stop(processor);
            for (int segment : tokenStore.fetchSegments(projection)) {
                // back to before this test's learners registered: every one of their events comes again
                tokenStore.storeToken(GapAwareTrackingToken.newInstance(before, Set.of()), projection, segment);
                tokenStore.releaseClaim(projection, segment);
            }
            start(processor);
            await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(processor, head));

            assertThat(ReadModelRows.of(jdbc, projection)).as(projection).isEqualTo(rows);
        }
        assertThat(api.get("/api/me", busy.token()).json().get("xp").asLong())
                .isEqualTo(api.get("/api/me/dashboard", busy.token()).json().get("xp").asLong());
    }
}
