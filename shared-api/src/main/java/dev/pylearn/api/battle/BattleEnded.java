package dev.pylearn.api.battle;

/** Every event that ends a battle, whatever the outcome: after one, nothing more can change it. */
public interface BattleEnded {

    String battleId();
}
