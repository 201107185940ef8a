package dev.pylearn.command.battle;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.BattleQueueJoined;
import dev.pylearn.api.battle.BattleQueueLeft;
import dev.pylearn.api.battle.FindBattleChallenge;
import dev.pylearn.api.battle.FindBattleChallenges;
import dev.pylearn.api.battle.JoinBattleQueue;
import dev.pylearn.api.battle.LeaveBattleQueue;
import dev.pylearn.api.battle.MatchBattle;
import dev.pylearn.api.battle.MatchWaitingLearners;
import dev.pylearn.api.battle.QueueResult;
import dev.pylearn.command.catalog.ChallengeRules;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
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
 * aggregates, which is a cross-aggregate transaction again. A burst of joins does not queue one
 * transaction per join on that lock: each node sends the joins that arrived together as one batch
 * ({@link QueueJoins}, {@link JoinBattleQueues}), paired in memory and written with a few statements
 * per batch plus each battle's own.
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
    private final MeterRegistry meters;

    Matchmaker(JdbcClient jdbc, BattleSeats seats, BattleSettings settings, ChallengeRules rules, QueryGateway queries,
               CommandGateway commands, EventGateway events, ObjectProvider<Configuration> axon, ObjectProvider<DeadlineManager> deadlines,
               Clock clock, MeterRegistry meters) {
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
        this.meters = meters;
    }

    private record Waiting(String learnerId, int level, Instant joinedAt) {
    }

    /** The queue's order: longest waiting first, then by id (as {@link #waiting()} reads it). */
    private static final Comparator<Waiting> LONGEST_FIRST = Comparator.comparing(Waiting::joinedAt)
            .thenComparing(Waiting::learnerId);

    /** Queues the learner and pairs them at once with the longest-waiting learner within reach. */
    @CommandHandler
    QueueResult handle(JoinBattleQueue command) {
        Object result = handle(new JoinBattleQueues(List.of(command))).get(0);
        if (result instanceof Rejection rejection) {
            throw rejection;
        }
        return (QueueResult) result;
    }

    /**
     * Joins in arrival order, in one transaction under the lock, each as if it came alone: a join is
     * paired with the longest-waiting learner within reach, earlier joins of the batch included. The
     * pairs are decided in memory first; then the batch's seats are read, its queue rows written, its
     * challenges chosen and its seats taken in one statement each, and only each battle's own events and
     * deadline cost statements per battle. A join refused before anything was written for it (already
     * seated, already queued) answers with its {@link Rejection} and leaves the others be; a failure
     * after (no challenge to battle on, a seat a concurrent challenge took) fails the whole batch, which
     * {@link QueueJoins} then sends again one join at a time. Answers one {@link QueueResult} or
     * {@link Rejection} per join, in order.
     */
    @CommandHandler
    List<Object> handle(JoinBattleQueues command) {
        lock();
        List<Waiting> waiting = waiting();
        Map<String, String> seated = seats.battlesOf(command.joins().stream().map(JoinBattleQueue::learnerId).toList());
        Map<String, JoinBattleQueue> first = new LinkedHashMap<>();
        command.joins().stream().filter(join -> !seated.containsKey(join.learnerId()))
                .forEach(join -> first.putIfAbsent(join.learnerId(), join));
        Set<String> queued = queue(first.values());
        Set<String> seen = new HashSet<>();
        List<Object> results = new ArrayList<>(command.joins().size());
        List<MatchBattle> matches = new ArrayList<>();
        for (JoinBattleQueue join : command.joins()) {
            String learner = join.learnerId();
            if (seated.containsKey(learner)) {
                results.add(new Rejection(Rejection.Kind.CONFLICT, "already-in-battle", "Already in a battle",
                        "You are already in battle " + seated.get(learner) + "; finish it before joining the queue."));
            } else if (!seen.add(learner) || !queued.contains(learner)) {
                results.add(new Rejection(Rejection.Kind.CONFLICT, "already-queued", "Already in the queue",
                        "You are already waiting for an opponent."));
            } else {
                events.publish(new BattleQueueJoined(learner, join.level(), join.at()));
                String opponent = opponentWaiting(join, waiting);
                if (opponent == null) {
                    results.add(new QueueResult(null, -1));
                } else {
                    String battleId = UUID.randomUUID().toString();
                    matches.add(new MatchBattle(battleId, opponent, learner, null, join.at()));
                    // either of them again in this batch: already in a battle
                    seated.put(learner, battleId);
                    seated.put(opponent, battleId);
                    results.add(new QueueResult(battleId, 1));
                }
            }
        }
        start(matches);
        return results;
    }

    /** Queues those joins in one statement; answers the learners queued (the others were queued already). */
    private Set<String> queue(Collection<JoinBattleQueue> joins) {
        if (joins.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        INSERT INTO battle_queue (learner_id, level, joined_at)
                        SELECT * FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS INT[]), CAST(? AS TIMESTAMPTZ[]))
                        ON CONFLICT (learner_id) DO NOTHING RETURNING learner_id""")
                .params(joins.stream().map(JoinBattleQueue::learnerId).toArray(String[]::new),
                        joins.stream().map(JoinBattleQueue::level).toArray(Integer[]::new),
                        joins.stream().map(join -> Timestamp.from(join.at())).toArray(Timestamp[]::new))
                .query(String.class)
                .list());
    }

    /**
     * The longest-waiting learner within the joiner's reach, taken out of {@code waiting}; or null, and
     * the joiner is added to {@code waiting} (kept longest first).
     */
    private String opponentWaiting(JoinBattleQueue join, List<Waiting> waiting) {
        for (Iterator<Waiting> others = waiting.iterator(); others.hasNext(); ) {
            Waiting other = others.next();
            if (!other.learnerId().equals(join.learnerId()) && reach(other, join.level(), join.at())) {
                others.remove();
                return other.learnerId();
            }
        }
        Waiting joiner = new Waiting(join.learnerId(), join.level(), join.at());
        int at = 0;
        while (at < waiting.size() && LONGEST_FIRST.compare(waiting.get(at), joiner) <= 0) {
            at++;
        }
        waiting.add(at, joiner);
        return null;
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
        List<MatchBattle> matches = new ArrayList<>();
        int battles = 0;
        for (int i = 0; i < waiting.size(); i++) {
            Waiting first = waiting.get(i);
            if (paired.contains(first.learnerId())) {
                continue;
            }
            for (int j = i + 1; j < waiting.size(); j++) {
                Waiting second = waiting.get(j);
                if (!paired.contains(second.learnerId()) && reach(first, second.level(), command.at())) {
                    matches.add(new MatchBattle(UUID.randomUUID().toString(), first.learnerId(), second.learnerId(),
                            null, command.at()));
                    paired.add(first.learnerId());
                    paired.add(second.learnerId());
                    battles++;
                    break;
                }
            }
        }
        start(matches);
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

    /**
     * Creates the matched battles (their challenge ids still to choose) in this command's unit of work:
     * their challenges chosen in one read and their seats taken in one statement, then each Battle
     * through its repository, so its events and seats commit with the queue's change.
     */
    private void start(List<MatchBattle> matches) {
        if (matches.isEmpty()) {
            return;
        }
        List<String> challenges = queries.query(new FindBattleChallenges(matches.stream()
                        .map(match -> new FindBattleChallenge(match.learnerA(), match.learnerB())).toList()),
                ResponseTypes.multipleInstancesOf(String.class)).join();
        if (challenges.size() != matches.size() || challenges.contains(null)) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "no-battle-challenge", "No challenge to battle on",
                    "There is no challenge in the catalog to battle on yet; try again later.", 60L);
        }
        Map<String, List<String>> players = new LinkedHashMap<>();
        matches.forEach(match -> players.put(match.battleId(), List.of(match.learnerA(), match.learnerB())));
        seats.claimAll(players);
        for (int i = 0; i < matches.size(); i++) {
            MatchBattle matched = matches.get(i);
            MatchBattle match = new MatchBattle(matched.battleId(), matched.learnerA(), matched.learnerB(),
                    challenges.get(i), matched.at());
            try {
                axon.getObject().repository(Battle.class)
                        .newInstance(() -> new Battle(match, seats, settings, rules, deadlines.getObject()));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Could not create battle " + match.battleId(), e);
            }
        }
    }

    private void lock() {
        Timer.builder("pylearn.battles.queue.lock-wait").publishPercentiles(0.5, 0.95).register(meters)
                .record(() -> jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK).query((rs, n) -> 1).list());
    }
}
