-- Read model (BattleProjection): what the battle lobby shows a learner, one row each, kept from the battle
-- events (queue joined and left, matched, challenged, started, ended). The lobby reads it by key instead of
-- the command side's battle_queue. queue_version: the learner's last own queue change, in microseconds
-- since the epoch (read-your-writes for joining and leaving).
CREATE TABLE battle_lobby (
    learner_id    VARCHAR(64) NOT NULL PRIMARY KEY,
    queued_since  TIMESTAMPTZ,
    queue_version BIGINT      NOT NULL DEFAULT -1,
    battle_id     VARCHAR(64),
    battle_status VARCHAR(16),
    challenger    BOOLEAN     NOT NULL DEFAULT FALSE,
    opponent_id   VARCHAR(64)
);
CREATE INDEX battle_lobby_battle_idx ON battle_lobby (battle_id) WHERE battle_id IS NOT NULL;
