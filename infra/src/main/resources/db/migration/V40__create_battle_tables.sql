-- Coding battles (issue 14).

-- db-scheduler's table (its PostgreSQL DDL, 16.x): Axon's DbSchedulerDeadlineManager keeps the battles'
-- deadlines here, so they survive restarts and each one is picked by one node.
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- Command side: the matchmaking queue (written only by the Matchmaker, under its advisory lock) and
-- one seat per learner in a pending or running battle (the set-based rule "nobody in two battles").
CREATE TABLE battle_queue (
    learner_id VARCHAR(64) NOT NULL PRIMARY KEY,
    level      INTEGER     NOT NULL,
    joined_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX battle_queue_joined_idx ON battle_queue (joined_at);

CREATE TABLE battle_seat (
    learner_id VARCHAR(64) NOT NULL PRIMARY KEY,
    battle_id  VARCHAR(64) NOT NULL,
    taken_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX battle_seat_battle_idx ON battle_seat (battle_id);

-- Read model (BattleProjection): one row per battle, player a the challenger (or first matched).
CREATE TABLE battle (
    battle_id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    learner_a         VARCHAR(64)  NOT NULL,
    learner_b         VARCHAR(64)  NOT NULL,
    challenge_id      VARCHAR(128) NOT NULL,
    total_tests       INTEGER      NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    b_joined          BOOLEAN      NOT NULL,
    a_submissions     INTEGER      NOT NULL DEFAULT 0,
    a_submitting      INTEGER      NOT NULL DEFAULT 0,
    a_best            INTEGER      NOT NULL DEFAULT 0,
    a_best_submission VARCHAR(64),
    a_last_submission VARCHAR(64),
    b_submissions     INTEGER      NOT NULL DEFAULT 0,
    b_submitting      INTEGER      NOT NULL DEFAULT 0,
    b_best            INTEGER      NOT NULL DEFAULT 0,
    b_best_submission VARCHAR(64),
    b_last_submission VARCHAR(64),
    winner_id         VARCHAR(64),
    end_reason        VARCHAR(32),
    requested_at      TIMESTAMPTZ  NOT NULL,
    accept_by         TIMESTAMPTZ,
    started_at        TIMESTAMPTZ,
    ends_at           TIMESTAMPTZ,
    ended_at          TIMESTAMPTZ,
    version           BIGINT       NOT NULL
);
CREATE INDEX battle_open_a_idx ON battle (learner_a) WHERE status IN ('requested', 'active');
CREATE INDEX battle_open_b_idx ON battle (learner_b) WHERE status IN ('requested', 'active');

-- Each player's ended battles, newest first, keyset-paged by (ended_at, battle_id).
CREATE TABLE battle_history (
    learner_id    VARCHAR(64)  NOT NULL,
    battle_id     VARCHAR(64)  NOT NULL,
    opponent_id   VARCHAR(64)  NOT NULL,
    challenge_id  VARCHAR(128) NOT NULL,
    outcome       VARCHAR(16)  NOT NULL,
    rating_after  INTEGER      NOT NULL,
    rating_change INTEGER      NOT NULL,
    ended_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (learner_id, battle_id)
);
CREATE INDEX battle_history_page_idx ON battle_history (learner_id, ended_at DESC, battle_id DESC);

-- Elo ratings, for the battle leaderboard.
CREATE TABLE battle_rating (
    learner_id VARCHAR(64) NOT NULL PRIMARY KEY,
    rating     INTEGER     NOT NULL,
    battles    INTEGER     NOT NULL,
    wins       INTEGER     NOT NULL
);
CREATE INDEX battle_rating_rank_idx ON battle_rating (rating DESC, learner_id);
