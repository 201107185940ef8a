package dev.pylearn.command.battle;

import dev.pylearn.api.Rejection;
import java.util.List;
import java.util.Optional;
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
        for (String learner : first.compareTo(second) <= 0 ? List.of(first, second) : List.of(second, first)) {
            jdbc.sql("INSERT INTO battle_seat (learner_id, battle_id) VALUES (?, ?) ON CONFLICT (learner_id) DO NOTHING")
                    .params(learner, battleId)
                    .update();
        }
        for (String learner : List.of(first, second)) {
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

    /** Gives back the seats of an ended battle. */
    public void release(String battleId) {
        jdbc.sql("DELETE FROM battle_seat WHERE battle_id = ?").param(battleId).update();
    }

    /** The battle the learner holds a seat in, if any. */
    public Optional<String> battleOf(String learnerId) {
        return jdbc.sql("SELECT battle_id FROM battle_seat WHERE learner_id = ?").param(learnerId)
                .query(String.class).optional();
    }
}
