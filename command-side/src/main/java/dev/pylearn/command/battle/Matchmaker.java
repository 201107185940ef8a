package dev.pylearn.command.battle;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.BattleQueueJoined;
import dev.pylearn.api.battle.BattleQueueLeft;
import dev.pylearn.api.battle.FindBattleChallenge;
import dev.pylearn.api.battle.JoinBattleQueue;
import dev.pylearn.api.battle.LeaveBattleQueue;
import dev.pylearn.api.battle.MatchBattle;
import dev.pylearn.api.battle.MatchWaitingLearners;
import dev.pylearn.api.battle.QueueResult;
import dev.pylearn.command.catalog.ChallengeRules;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The matchmaking queue, {@code battle_queue}, and the one writer of it. Every change (a join, the
 * sweep that pairs learners whose bands widened) runs under one PostgreSQL advisory lock held to the
 * end of its command's transaction, and creates the battles it pairs in that same transaction (the
 * Battle through its repository, its seats with it). So however many learners join at once and on
 * however many nodes, the pairing is serial: nobody is paired twice or with themselves, and a join
 * that fails (already queued, already seated) changes nothing. A per-band queue aggregate was the
 * alternative; with bands that widen while learners wait, learners would have to move between
 * aggregates, which is a cross-aggregate transaction again. Pairing is a few milliseconds, so the
 * lock is not what limits a burst of joins (the event store's commits are).
 * <p>
 * The queue is command-side state: readers see it through the battle lobby read model, which the
 * {@link BattleQueueJoined} and {@link BattleQueueLeft} events published here keep (with the battles'
 * own events). They are published in the command's unit of work, so they commit with the queue's row.
 */
@Component
class Matchmaker {

    private static final Logger log = LoggerFactory.getLogger(Matchmaker.class);
    /** The advisory lock's key: "battleq" in ASCII. */
    private static final long LOCK = 0x626174746c6571L;

    private final JdbcClient jdbc;
    private final BattleSeats seats;
    private final BattleSettings settings;
    private final ChallengeRules rules;
    private final QueryGateway queries;
    private final CommandGateway commands;
    private final EventGateway events;
    private final ObjectProvider<Configuration> axon;
    private final ObjectProvider<DeadlineManager> deadlines;
    private final Clock clock;

    Matchmaker(JdbcClient jdbc, BattleSeats seats, BattleSettings settings, ChallengeRules rules, QueryGateway queries,
               CommandGateway commands, EventGateway events, ObjectProvider<Configuration> axon, ObjectProvider<DeadlineManager> deadlines,
               Clock clock) {
        this.jdbc = jdbc;
        this.seats = seats;
        this.settings = settings;
        this.rules = rules;
        this.queries = queries;
        this.commands = commands;
        this.events = events;
        this.axon = axon;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    private record Waiting(String learnerId, int level, Instant joinedAt) {
    }

    /** Queues the learner and pairs them at once with the longest-waiting learner within reach. */
    @CommandHandler
    QueueResult handle(JoinBattleQueue command) {
        lock();
        seats.battleOf(command.learnerId()).ifPresent(battle -> {
            throw new Rejection(Rejection.Kind.CONFLICT, "already-in-battle", "Already in a battle",
                    "You are already in battle " + battle + "; finish it before joining the queue.");
        });
        int queued = jdbc.sql("""
                        INSERT INTO battle_queue (learner_id, level, joined_at) VALUES (?, ?, ?)
                        ON CONFLICT (learner_id) DO NOTHING""")
                .params(command.learnerId(), command.level(), Timestamp.from(command.at()))
                .update();
        if (queued == 0) {
            throw new Rejection(Rejection.Kind.CONFLICT, "already-queued", "Already in the queue",
                    "You are already waiting for an opponent.");
        }
        events.publish(new BattleQueueJoined(command.learnerId(), command.level(), command.at()));
        for (Waiting other : waiting()) {
            if (!other.learnerId().equals(command.learnerId()) && reach(other, command.level(), command.at())) {
                return new QueueResult(pair(other.learnerId(), command.learnerId(), command.at()), 1);
            }
        }
        return new QueueResult(null, -1);
    }

    @CommandHandler
    void handle(LeaveBattleQueue command) {
        int left = jdbc.sql("DELETE FROM battle_queue WHERE learner_id = ?").param(command.learnerId()).update();
        if (left == 0) {
            throw Rejection.notFound("not-queued", "You are not waiting in the matchmaking queue.");
        }
        events.publish(new BattleQueueLeft(command.learnerId(), command.at()));
    }

    /** Pairs learners whose bands now meet, longest waiting first; returns how many battles it made. */
    @CommandHandler
    int handle(MatchWaitingLearners command) {
        lock();
        List<Waiting> waiting = waiting();
        Set<String> paired = new HashSet<>();
        int battles = 0;
        for (int i = 0; i < waiting.size(); i++) {
            Waiting first = waiting.get(i);
            if (paired.contains(first.learnerId())) {
                continue;
            }
            for (int j = i + 1; j < waiting.size(); j++) {
                Waiting second = waiting.get(j);
                if (!paired.contains(second.learnerId()) && reach(first, second.level(), command.at())) {
                    pair(first.learnerId(), second.learnerId(), command.at());
                    paired.add(first.learnerId());
                    paired.add(second.learnerId());
                    battles++;
                    break;
                }
            }
        }
        return battles;
    }

    /** Widens the bands of those waiting: each node sweeps, the advisory lock keeps them one at a time. */
    @Scheduled(fixedDelayString = "${pylearn.battles.sweep-interval:2s}",
            initialDelayString = "${pylearn.battles.sweep-interval:2s}")
    void sweep() {
        Boolean anyone = jdbc.sql("SELECT EXISTS (SELECT 1 FROM battle_queue)").query(Boolean.class).single();
        if (Boolean.TRUE.equals(anyone)) {
            try {
                commands.sendAndWait(new MatchWaitingLearners(clock.instant()));
            } catch (RuntimeException e) {
                log.warn("Matchmaking sweep failed: {}", e.getMessage());
            }
        }
    }

    /** {@code waiting}'s band, grown with its wait, reaches {@code level}. */
    private boolean reach(Waiting waiting, int level, Instant now) {
        Duration waited = Duration.between(waiting.joinedAt(), now);
        return Math.abs(waiting.level() - level) <= settings.bandAfter(waited);
    }

    /**
     * Those waiting, longest first. Rows a concurrent challenge is taking out of the queue (its seat
     * claim deletes them) are locked by it and skipped rather than waited for.
     */
    private List<Waiting> waiting() {
        return new ArrayList<>(jdbc.sql("""
                        SELECT learner_id, level, joined_at FROM battle_queue
                        ORDER BY joined_at, learner_id FOR UPDATE SKIP LOCKED""")
                .query((rs, n) -> new Waiting(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant()))
                .list());
    }

    private String pair(String first, String second, Instant at) {
        String challengeId = queries.query(new FindBattleChallenge(first, second), String.class).join();
        if (challengeId == null) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "no-battle-challenge", "No challenge to battle on",
                    "There is no challenge in the catalog to battle on yet; try again later.", 60L);
        }
        String battleId = UUID.randomUUID().toString();
        MatchBattle match = new MatchBattle(battleId, first, second, challengeId, at);
        // created inside this command's unit of work: its events and seats commit with the queue's change
        try {
            axon.getObject().repository(Battle.class)
                    .newInstance(() -> new Battle(match, seats, settings, rules, deadlines.getObject()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not create battle " + battleId, e);
        }
        return battleId;
    }

    private void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query((rs, n) -> 1).list();
    }
}
