-- Alert history. An alert opens once per (rule, endpoint): the partial unique index makes a second
-- open of the same condition (another node, the next evaluation) a no-op, and it stays open until
-- the condition clears (resolved_at). Kept 90 days after resolution.
CREATE TABLE alert (
    id          BIGSERIAL    NOT NULL PRIMARY KEY,
    rule        VARCHAR(64)  NOT NULL,
    endpoint    VARCHAR(300) NOT NULL,
    severity    VARCHAR(16)  NOT NULL,
    message     TEXT         NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    threshold   DOUBLE PRECISION NOT NULL,
    opened_at   TIMESTAMPTZ  NOT NULL,
    resolved_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX alert_open_idx ON alert (rule, endpoint) WHERE resolved_at IS NULL;
CREATE INDEX alert_opened_idx ON alert (opened_at DESC);
