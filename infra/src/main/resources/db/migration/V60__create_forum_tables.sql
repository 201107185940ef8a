-- Forum (issue 15).

-- Command side: who may not post until when, written with the Learner's ForumSuspended event in the
-- same transaction, so the thread's check is never behind the suspension.
CREATE TABLE forum_suspension (
    learner_id VARCHAR(64)  PRIMARY KEY,
    until      TIMESTAMPTZ  NOT NULL,
    reason     TEXT         NOT NULL
);

-- Read models of the "forum" projection.
CREATE TABLE forum_category (
    category_id      VARCHAR(64)  PRIMARY KEY,
    title            TEXT         NOT NULL,
    description      TEXT         NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    thread_count     INTEGER      NOT NULL DEFAULT 0,
    post_count       INTEGER      NOT NULL DEFAULT 0,
    last_activity_at TIMESTAMPTZ
);

CREATE TABLE forum_thread (
    thread_id        VARCHAR(200) PRIMARY KEY,
    category_id      VARCHAR(64),
    subject_kind     VARCHAR(16)  NOT NULL,
    subject_id       VARCHAR(128),
    title            TEXT         NOT NULL,
    author_id        VARCHAR(64),
    created_at       TIMESTAMPTZ  NOT NULL,
    last_activity_at TIMESTAMPTZ  NOT NULL,
    post_count       INTEGER      NOT NULL DEFAULT 0,
    locked           BOOLEAN      NOT NULL DEFAULT FALSE,
    lock_reason      TEXT,
    -- sequence number of the thread's last event applied (replays and redeliveries change nothing)
    version          BIGINT       NOT NULL,
    search           TSVECTOR     GENERATED ALWAYS AS (to_tsvector('english', title)) STORED
);
-- a category's page: threads by last activity, keyset (last_activity_at, thread_id)
CREATE INDEX forum_thread_by_activity ON forum_thread (category_id, last_activity_at DESC, thread_id DESC);
CREATE INDEX forum_thread_search ON forum_thread USING GIN (search);

CREATE TABLE forum_post (
    post_id       VARCHAR(64)  PRIMARY KEY,
    thread_id     VARCHAR(200) NOT NULL,
    author_id     VARCHAR(64)  NOT NULL,
    markdown      TEXT         NOT NULL,
    html          TEXT         NOT NULL,
    written_at    TIMESTAMPTZ  NOT NULL,
    edited_at     TIMESTAMPTZ,
    deleted       BOOLEAN      NOT NULL DEFAULT FALSE,
    hidden        BOOLEAN      NOT NULL DEFAULT FALSE,
    hide_reason   TEXT,
    -- sequence number of the post's last event applied
    version       BIGINT       NOT NULL,
    -- deleted and hidden posts are not found by search
    search        TSVECTOR     GENERATED ALWAYS AS (
                      CASE WHEN deleted OR hidden THEN ''::tsvector ELSE to_tsvector('english', markdown) END) STORED
);
-- a thread's page: posts in the order written, keyset (written_at, post_id)
CREATE INDEX forum_post_by_thread ON forum_post (thread_id, written_at, post_id);
CREATE INDEX forum_post_search ON forum_post USING GIN (search);
