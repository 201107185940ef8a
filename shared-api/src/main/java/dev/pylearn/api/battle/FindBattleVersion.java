package dev.pylearn.api.battle;

/**
 * The last Battle event the battle's row shows (-1 while unknown). Its subscription updates are how
 * waiting callers and live streams learn that a battle changed.
 */
public record FindBattleVersion(String battleId) {
}
