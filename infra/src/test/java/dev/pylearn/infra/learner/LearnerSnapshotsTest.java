package dev.pylearn.infra.learner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.api.learner.AwardXp;
import dev.pylearn.api.learner.LearnerStateResult;
import dev.pylearn.infra.support.PlatformTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import dev.pylearn.api.learner.XpAwarded;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A learner with a long history is loaded from a snapshot plus the events after it, and answers
 * exactly as one rebuilt from all its events would; a snapshot of another revision of the state is
 * never read.
 */
class LearnerSnapshotsTest extends PlatformTest {

    @Autowired
    CommandGateway commands;

    @Autowired
    EventStore eventStore;

    @Autowired
    @Qualifier("learnerCache")
    Cache learnerCache;

    @Test
    void aLongHistoryIsSnapshottedAndTheStateStaysExact() {
        Learner learner = register();
        long total = awardMany(learner.learnerId(), 60);

        await().atMost(Duration.ofSeconds(10)).until(() -> snapshots(learner.learnerId()) > 0);
        assertThat(jdbc.sql("SELECT payload_revision FROM snapshot_event_entry WHERE aggregate_identifier = ?")
                .param(learner.learnerId()).query(String.class).list()).containsOnly("2");

        learnerCache.removeAll(); // loaded from the snapshot, not from this node's memory
        LearnerStateResult next = commands.sendAndWait(new AwardXp(learner.learnerId(), 7, "after snapshot", Instant.now()));
        assertThat(next.totalXp()).isGreaterThanOrEqualTo(total + 7);
        assertMatchesEveryEvent(learner, next);
    }

    @Test
    void aSnapshotOfAnotherRevisionIsIgnored() {
        Learner learner = register();
        long total = awardMany(learner.learnerId(), 45);
        await().atMost(Duration.ofSeconds(10)).until(() -> snapshots(learner.learnerId()) > 0);
        // an older shape of the state, which read as this one would give a wrong total
        jdbc.sql("UPDATE snapshot_event_entry SET payload_revision = '0', payload = ? WHERE aggregate_identifier = ?")
                .params("{\"learnerId\":\"x\",\"xp\":1}".getBytes(StandardCharsets.UTF_8), learner.learnerId())
                .update();

        learnerCache.removeAll();
        LearnerStateResult next = commands.sendAndWait(new AwardXp(learner.learnerId(), 5, "after", Instant.now()));
        assertThat(next.learnerId()).as("read from events, not from the foreign snapshot").isEqualTo(learner.learnerId());
        assertThat(next.totalXp()).isGreaterThanOrEqualTo(total + 5);
        assertMatchesEveryEvent(learner, next);
    }

    /**
     * Another node's append (here: straight to the event store, past this node's repository) makes the
     * learner this node holds in memory out of date: the next command must decide on the stored state.
     */
    @Test
    void aLearnerAppendedToElsewhereIsReadFromTheStoreAgain() {
        Learner learner = register();
        LearnerStateResult before = commands.sendAndWait(new AwardXp(learner.learnerId(), 3, "held", Instant.now()));
        eventStore.publish(new GenericDomainEventMessage<>("Learner", learner.learnerId(), before.version() + 1,
                new XpAwarded(learner.learnerId(), 1_000, "another node", before.totalXp() + 1_000, Instant.now())));

        LearnerStateResult next = commands.sendAndWait(new AwardXp(learner.learnerId(), 2, "after", Instant.now()));
        assertThat(next.version()).isGreaterThan(before.version() + 1);
        assertThat(next.totalXp()).isGreaterThanOrEqualTo(before.totalXp() + 1_002);
        assertMatchesEveryEvent(learner, next);
    }

    /** The dashboard adds up every XP event the learner has: the aggregate's total must be that sum. */
    private void assertMatchesEveryEvent(Learner learner, LearnerStateResult state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/me/dashboard", learner.token()).json().get("xp").asLong())
                        .isEqualTo(state.totalXp()));
    }

    /** Awards 1 XP {@code times} times; answers the total after the last (achievements' rewards included). */
    private long awardMany(String learnerId, int times) {
        LearnerStateResult last = null;
        for (int i = 0; i < times; i++) {
            last = commands.sendAndWait(new AwardXp(learnerId, 1, "history " + i, Instant.now()));
        }
        return last.totalXp();
    }

    private long snapshots(String learnerId) {
        return jdbc.sql("SELECT count(*) FROM snapshot_event_entry WHERE aggregate_identifier = ?").param(learnerId)
                .query(Long.class).single();
    }
}
