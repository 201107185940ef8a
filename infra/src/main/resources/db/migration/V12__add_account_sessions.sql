-- Sessions that have ended. A password or role change moves the account to its next token
-- generation (tokens carry the one they were issued in, so every older token stops counting);
-- a log-out revokes one token by its id until it would have expired anyway. Every node keeps both
-- in memory (TokenRevocations), so checking a token costs no statement.
ALTER TABLE account ADD COLUMN token_generation BIGINT NOT NULL DEFAULT 0;
-- what a node loads at start-up: only the accounts that ever ended their sessions
CREATE INDEX account_ended_sessions_idx ON account (learner_id) INCLUDE (token_generation) WHERE token_generation > 0;

CREATE TABLE revoked_token (
    token_id   VARCHAR(128) NOT NULL PRIMARY KEY,
    learner_id VARCHAR(64)  NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL,
    revoked_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX revoked_token_expires_idx ON revoked_token (expires_at);
