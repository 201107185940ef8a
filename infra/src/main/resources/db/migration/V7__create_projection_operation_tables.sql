-- Axon's dead-letter queue (JdbcSequencedDeadLetterQueue), as GenericDeadLetterTableFactory creates
-- it, with snake_case names (see DeadLetterConfiguration#schema). A projection whose handler throws
-- for an event parks that event's sequence here and keeps processing the others.
CREATE TABLE dead_letter_entry (
    dead_letter_id       VARCHAR(255)  NOT NULL PRIMARY KEY,
    processing_group     VARCHAR(255)  NOT NULL,
    sequence_identifier  VARCHAR(255)  NOT NULL,
    sequence_index       BIGINT        NOT NULL,
    message_type         VARCHAR(255)  NOT NULL,
    event_identifier     VARCHAR(255)  NOT NULL,
    time_stamp           VARCHAR(255)  NOT NULL,
    payload_type         VARCHAR(255)  NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA         NOT NULL,
    meta_data            BYTEA,
    type                 VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number      BIGINT,
    token_type           VARCHAR(255),
    token                BYTEA,
    enqueued_at          VARCHAR(255)  NOT NULL,
    last_touched         VARCHAR(255),
    processing_started   VARCHAR(255),
    cause_type           VARCHAR(255),
    cause_message        VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT dead_letter_entry_sequence_index_key UNIQUE (processing_group, sequence_identifier, sequence_index)
);
CREATE INDEX dead_letter_entry_group_idx ON dead_letter_entry (processing_group);
CREATE INDEX dead_letter_entry_sequence_idx ON dead_letter_entry (processing_group, sequence_identifier);

-- What every node should do with a projection's processor, and the operation running on it.
-- Nodes poll this table: a new generation with desired_state 'paused' makes each node stop its
-- processor (releasing its token claims), 'running' starts it again. This is how "stop on every
-- node" works without a message bus: the claims in token_entry show when all nodes have let go.
CREATE TABLE projection_control (
    projection    VARCHAR(255) NOT NULL PRIMARY KEY,
    desired_state VARCHAR(16)  NOT NULL DEFAULT 'running',
    generation    BIGINT       NOT NULL DEFAULT 0,
    operation     VARCHAR(16),              -- replay | rebuild
    phase         VARCHAR(16),              -- running | ready | switch-requested | switching | finished | canceled | failed
    manual_switch BOOLEAN      NOT NULL DEFAULT FALSE, -- a rebuild that waits for POST .../rebuild/switch
    node          VARCHAR(255),             -- the node that runs a rebuild's new version
    detail        TEXT,
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    events        BIGINT,                   -- events applied by the last finished operation
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
