-- Command-side state that is not event-sourced.

-- Credentials live here, never in events: a password hash must be replaceable and erasable.
-- The unique username is the set-based check of registration, claimed in the command's transaction.
CREATE TABLE account (
    learner_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    roles         VARCHAR(255) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX account_username_key ON account (lower(username));

-- What the Learner aggregate needs to know about a lesson before it accepts a completion.
-- Kept by a subscribing handler in the same transaction as the catalog events.
CREATE TABLE track_rule (
    track_id              VARCHAR(128) NOT NULL PRIMARY KEY,
    premium               BOOLEAN      NOT NULL,
    prerequisite_track_id VARCHAR(128)
);
CREATE TABLE lesson_rule (
    lesson_id VARCHAR(128) NOT NULL PRIMARY KEY,
    track_id  VARCHAR(128) NOT NULL,
    xp        INTEGER      NOT NULL
);
CREATE INDEX lesson_rule_track_idx ON lesson_rule (track_id);

-- Secrets the platform generates for itself when none is configured (the token signing key),
-- shared by every node through the database.
CREATE TABLE platform_secret (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    value      VARCHAR(255) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
