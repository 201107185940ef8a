package dev.pylearn.command.battle;

import dev.pylearn.api.Rejection;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One seat per learner, in {@code battle_seat}: the set-based rule "nobody in two battles" that no
 * single Battle can check. Taken in the transaction of the command that creates the battle (its
 * primary key refuses a second seat, whoever commits first wins) and given back in the transaction
 * of the command or deadline that ends it, like the account's unique username. Taking a seat also
 * takes the learner out of the matchmaking queue.
 */
@Component
public class BattleSeats {

    private final JdbcClient jdbc;

    BattleSeats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Seats both players in the battle, or refuses: {@code already-in-battle} for the first one,
     * {@code opponent-busy} for the second. Taken in id order so two crossing challenges cannot deadlock.
     * Taking seats this battle already holds is a no-op.
     */
    public void claim(String battleId, String first, String second) {
        if (claimedInThisUnitOfWork().contains(battleId)) {
            return; // claimed with others by claimAll, in this same transaction
        }
        List<String> inOrder = first.compareTo(second) <= 0 ? List.of(first, second) : List.of(second, first);
        // one statement: rows go in in the order of VALUES (id order); both returned = both seats are this battle's
        List<String> taken = jdbc.sql("""
                        INSERT INTO battle_seat (learner_id, battle_id) VALUES (?, ?), (?, ?)
                        ON CONFLICT (learner_id) DO NOTHING RETURNING learner_id""")
                .params(inOrder.get(0), battleId, inOrder.get(1), battleId)
                .query(String.class)
                .list();
        for (String learner : taken.size() == 2 ? List.<String>of() : List.of(first, second)) {
            Optional<String> holder = battleOf(learner);
            if (holder.isPresent() && !holder.get().equals(battleId)) {
                throw learner.equals(first)
                        ? new Rejection(Rejection.Kind.CONFLICT, "already-in-battle", "Already in a battle",
                                "You are already in battle " + holder.get() + "; finish it first.")
                        : new Rejection(Rejection.Kind.CONFLICT, "opponent-busy", "Opponent busy",
                                "That learner is already in a battle or has a challenge pending; try again later.");
            }
        }
        jdbc.sql("DELETE FROM battle_queue WHERE learner_id IN (?, ?)").params(first, second).update();
    }

    /**
     * Seats the players of several new battles (battle id to its two players) in one statement and
     * takes them out of the queue in another, or refuses with {@code opponent-busy} when any seat is
     * taken already (then the caller's transaction must not commit). Seats go in in learner id order,
     * as {@link #claim} takes them. The battles' own {@link #claim} in the same unit of work is then a no-op.
     */
    public void claimAll(Map<String, List<String>> players) {
        if (players.isEmpty()) {
            return;
        }
        Map<String, String> seats = new TreeMap<>();
        players.forEach((battleId, pair) -> pair.forEach(learner -> seats.put(learner, battleId)));
        int taken = jdbc.sql("""
                        INSERT INTO battle_seat (learner_id, battle_id)
                        SELECT * FROM unnest(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[])) ORDER BY 1
                        ON CONFLICT (learner_id) DO NOTHING""")
                .params(seats.keySet().toArray(String[]::new), seats.values().toArray(String[]::new))
                .update();
        if (taken != 2 * players.size()) {
            throw new Rejection(Rejection.Kind.CONFLICT, "opponent-busy", "Opponent busy",
                    "A learner being paired is already in a battle or has a challenge pending; try again later.");
        }
        jdbc.sql("DELETE FROM battle_queue WHERE learner_id = ANY (?)").param(seats.keySet().toArray(String[]::new)).update();
        claimedInThisUnitOfWork().addAll(players.keySet());
    }

    private static Set<String> claimedInThisUnitOfWork() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new HashSet<>();
        }
        return CurrentUnitOfWork.get().getOrComputeResource(BattleSeats.class.getName() + ".claimed",
                key -> new HashSet<>());
    }

    /** Gives back the seats of an ended battle. */
    public void release(String battleId) {
        jdbc.sql("DELETE FROM battle_seat WHERE battle_id = ?").param(battleId).update();
    }

    /** The battles these learners hold seats in, by learner (those without a seat are absent). */
    public Map<String, String> battlesOf(Collection<String> learnerIds) {
        Map<String, String> battles = new HashMap<>();
        jdbc.sql("SELECT learner_id, battle_id FROM battle_seat WHERE learner_id = ANY (?)")
                .param(learnerIds.toArray(String[]::new))
                .query(rs -> {
                    battles.put(rs.getString(1), rs.getString(2));
                });
        return battles;
    }

    /** The battle the learner holds a seat in, if any. */
    public Optional<String> battleOf(String learnerId) {
        return jdbc.sql("SELECT battle_id FROM battle_seat WHERE learner_id = ?").param(learnerId)
                .query(String.class).optional();
    }
}
