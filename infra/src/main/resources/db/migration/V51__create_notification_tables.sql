-- Notifications (issue 16): db-scheduler's table for jobs that run on one node at a time, the
-- learners' per-kind choices, and every notification made, whose unique key is what makes each
-- (learner, kind, period) go out once across nodes, restarts and replays.

-- db-scheduler 16.x, PostgreSQL schema as the project documents it
CREATE TABLE notification_tasks (
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
CREATE INDEX notification_tasks_execution_time_idx ON notification_tasks (execution_time);
CREATE INDEX notification_tasks_last_heartbeat_idx ON notification_tasks (last_heartbeat);
CREATE INDEX notification_tasks_priority_execution_time_idx ON notification_tasks (priority DESC, execution_time ASC);

-- a kind a learner turned off (absent: on); projected from NotificationPreferenceChanged
CREATE TABLE notification_preference (
    learner_id VARCHAR(64) NOT NULL,
    kind       VARCHAR(32) NOT NULL,
    enabled    BOOLEAN     NOT NULL,
    version    BIGINT      NOT NULL,
    PRIMARY KEY (learner_id, kind)
);

-- where a learner's mail goes (accounts have no address otherwise); projected from NotificationEmailSet
CREATE TABLE notification_contact (
    learner_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    email      VARCHAR(255) NOT NULL,
    version    BIGINT       NOT NULL
);

-- every notification made: the unique (learner, kind, period) is the send's dedup key, inserted in the
-- transaction that hands the mail to the SMTP server, so a second node or a re-run finds it and skips
CREATE TABLE notification (
    notification_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    learner_id      VARCHAR(64)  NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    period_key      VARCHAR(128) NOT NULL,
    subject         TEXT         NOT NULL,
    body            TEXT         NOT NULL,
    -- mail (sent to the SMTP server) or app (no SMTP configured: shown in the web app only)
    channel         VARCHAR(8)   NOT NULL,
    recipient       VARCHAR(255),
    created_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT notification_once UNIQUE (learner_id, kind, period_key)
);
-- the learner's notification list, newest first, keyset-paged
CREATE INDEX notification_learner_idx ON notification (learner_id, created_at DESC, notification_id DESC);
