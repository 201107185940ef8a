-- Read models, one table per view, each keyed for the lookup that serves it.
-- version = the last aggregate sequence number applied, which makes every write idempotent
-- (a replayed or redelivered event with version <= the row's is ignored).

-- The public catalog, one row per track. lesson_ids/lesson_titles are the outline flattened in
-- reading order, so the dashboard computes progress without parsing the module tree.
CREATE TABLE catalog_track (
    track_id              VARCHAR(128) NOT NULL PRIMARY KEY,
    position              INTEGER      NOT NULL,
    title                 TEXT         NOT NULL,
    description           TEXT         NOT NULL,
    premium               BOOLEAN      NOT NULL,
    prerequisite_track_id VARCHAR(128),
    lesson_count          INTEGER      NOT NULL,
    lesson_ids            TEXT[]       NOT NULL,
    lesson_titles         TEXT[]       NOT NULL,
    modules               JSONB        NOT NULL,
    version               BIGINT       NOT NULL
);

CREATE TABLE catalog_lesson (
    lesson_id VARCHAR(128) NOT NULL PRIMARY KEY,
    track_id  VARCHAR(128) NOT NULL,
    module_id VARCHAR(128) NOT NULL,
    title     TEXT         NOT NULL,
    xp        INTEGER      NOT NULL,
    body      TEXT         NOT NULL,
    version   BIGINT       NOT NULL
);

-- One row per learner: the profile and the learner half of the dashboard (the other half is
-- catalog_track, joined in the same statement).
CREATE TABLE learner_dashboard (
    learner_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    username          VARCHAR(64)  NOT NULL,
    display_name      VARCHAR(128) NOT NULL,
    timezone          VARCHAR(64)  NOT NULL,
    xp                BIGINT       NOT NULL DEFAULT 0,
    level             INTEGER      NOT NULL DEFAULT 1,
    current_streak    INTEGER      NOT NULL DEFAULT 0,
    longest_streak    INTEGER      NOT NULL DEFAULT 0,
    last_active_date  DATE,
    premium           BOOLEAN      NOT NULL DEFAULT FALSE,
    completed_lessons TEXT[]       NOT NULL DEFAULT '{}',
    registered_at     TIMESTAMPTZ  NOT NULL,
    version           BIGINT       NOT NULL
);
