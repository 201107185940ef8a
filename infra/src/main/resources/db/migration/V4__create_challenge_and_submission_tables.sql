-- Command side: what a submission needs to know about its challenge (kept like lesson_rule).
CREATE TABLE challenge_rule (
    challenge_id  VARCHAR(128) NOT NULL PRIMARY KEY,
    track_id      VARCHAR(128) NOT NULL,
    xp            INTEGER      NOT NULL,
    style         VARCHAR(16)  NOT NULL,
    time_limit_ms INTEGER      NOT NULL,
    tests         JSONB        NOT NULL
);

-- Bucket4j's state for the rate limit to the code runner, shared by every worker process.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(128) NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

-- The public challenge catalog: visible tests only; hidden tests are counted, never stored here.
CREATE TABLE catalog_challenge (
    challenge_id  VARCHAR(128) NOT NULL PRIMARY KEY,
    track_id      VARCHAR(128) NOT NULL,
    position      INTEGER      NOT NULL,
    title         TEXT         NOT NULL,
    difficulty    VARCHAR(16)  NOT NULL,
    xp            INTEGER      NOT NULL,
    time_limit_ms INTEGER      NOT NULL,
    style         VARCHAR(16)  NOT NULL,
    statement     TEXT         NOT NULL,
    starter_code  TEXT         NOT NULL,
    visible_tests JSONB        NOT NULL,
    hidden_tests  INTEGER      NOT NULL,
    version       BIGINT       NOT NULL
);
CREATE INDEX catalog_challenge_track_idx ON catalog_challenge (track_id, position);

ALTER TABLE learner_dashboard ADD COLUMN solved_challenges TEXT[] NOT NULL DEFAULT '{}';

-- One row per submission, as its owner sees it. attempt_requested_at is when the current attempt
-- was queued: the deadline sweep looks for open rows older than the deadline through the partial index.
CREATE TABLE submission (
    submission_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    learner_id           VARCHAR(64)  NOT NULL,
    challenge_id         VARCHAR(128) NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    message              TEXT,
    xp_awarded           INTEGER      NOT NULL DEFAULT 0,
    attempt              INTEGER      NOT NULL,
    tests                JSONB        NOT NULL DEFAULT '[]',
    submitted_at         TIMESTAMPTZ  NOT NULL,
    attempt_requested_at TIMESTAMPTZ  NOT NULL,
    evaluated_at         TIMESTAMPTZ,
    version              BIGINT       NOT NULL
);
CREATE INDEX submission_learner_idx ON submission (learner_id, submitted_at DESC);
CREATE INDEX submission_learner_challenge_idx ON submission (learner_id, challenge_id, submitted_at DESC);
CREATE INDEX submission_open_idx ON submission (attempt_requested_at) WHERE status IN ('queued', 'running');
