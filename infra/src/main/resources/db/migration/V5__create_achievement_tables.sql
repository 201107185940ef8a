-- Command side: the achievements the Learner checks.
CREATE TABLE achievement_rule (
    achievement_id VARCHAR(128) NOT NULL PRIMARY KEY,
    position       INTEGER      NOT NULL,
    title          TEXT         NOT NULL,
    kind           VARCHAR(32)  NOT NULL,
    threshold      INTEGER      NOT NULL,
    track_id       VARCHAR(128),
    xp             INTEGER      NOT NULL
);

-- Read models: the definitions (catalog projection) and each learner's counters (achievement-stats
-- projection), joined in the one statement that serves the achievements page.
CREATE TABLE achievement_definition (
    achievement_id VARCHAR(128) NOT NULL PRIMARY KEY,
    position       INTEGER      NOT NULL,
    title          TEXT         NOT NULL,
    description    TEXT         NOT NULL,
    kind           VARCHAR(32)  NOT NULL,
    threshold      INTEGER      NOT NULL,
    track_id       VARCHAR(128),
    xp             INTEGER      NOT NULL,
    version        BIGINT       NOT NULL
);

CREATE TABLE achievement_progress (
    learner_id        VARCHAR(64) NOT NULL PRIMARY KEY,
    completed_lessons TEXT[]      NOT NULL DEFAULT '{}',
    challenges_solved INTEGER     NOT NULL DEFAULT 0,
    first_try_solves  INTEGER     NOT NULL DEFAULT 0,
    current_streak    INTEGER     NOT NULL DEFAULT 0,
    last_active_date  DATE,
    timezone          VARCHAR(64) NOT NULL,
    level             INTEGER     NOT NULL DEFAULT 1,
    total_xp          BIGINT      NOT NULL DEFAULT 0,
    battles_won       INTEGER     NOT NULL DEFAULT 0,
    forum_posts       INTEGER     NOT NULL DEFAULT 0,
    unlocked          JSONB       NOT NULL DEFAULT '{}',
    version           BIGINT      NOT NULL
);
