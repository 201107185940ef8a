-- Chat (issue 15).

-- Each member's read position (written directly by the command side, not an event: see ChatWrites).
CREATE TABLE chat_read (
    conversation_id VARCHAR(200) NOT NULL,
    learner_id      VARCHAR(64)  NOT NULL,
    last_read_seq   BIGINT       NOT NULL,
    PRIMARY KEY (conversation_id, learner_id)
);

-- Read models of the "chat" projection.
CREATE TABLE chat_conversation (
    conversation_id VARCHAR(200) PRIMARY KEY,
    kind            VARCHAR(16)  NOT NULL,
    track_id        VARCHAR(128),
    last_seq        BIGINT       NOT NULL DEFAULT 0,
    last_message_at TIMESTAMPTZ,
    started_at      TIMESTAMPTZ  NOT NULL
);

CREATE TABLE chat_member (
    conversation_id VARCHAR(200) NOT NULL,
    learner_id      VARCHAR(64)  NOT NULL,
    joined_at       TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (conversation_id, learner_id)
);
-- a learner's conversations with their unread counts: one index range
CREATE INDEX chat_member_by_learner ON chat_member (learner_id, conversation_id);

-- history pages and catch-up after a reconnect: one range of the primary key
CREATE TABLE chat_message (
    conversation_id VARCHAR(200) NOT NULL,
    seq             BIGINT       NOT NULL,
    message_id      VARCHAR(64)  NOT NULL,
    sender_id       VARCHAR(64)  NOT NULL,
    text            TEXT         NOT NULL,
    sent_at         TIMESTAMPTZ  NOT NULL,
    hidden          BOOLEAN      NOT NULL DEFAULT FALSE,
    hide_reason     TEXT,
    PRIMARY KEY (conversation_id, seq)
);
