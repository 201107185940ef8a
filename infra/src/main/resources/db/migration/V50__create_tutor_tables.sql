-- The AI tutor (issue 16): authored hints of each challenge in the catalog read model, and the
-- tutor's conversations and questions as projected from the Learner's TutorQuestion* events.

-- hints are authored in the challenge files; a challenge published before this has none
ALTER TABLE catalog_challenge ADD COLUMN hints JSONB NOT NULL DEFAULT '[]';

CREATE TABLE tutor_conversation (
    learner_id      VARCHAR(64)  NOT NULL,
    conversation_id VARCHAR(64)  NOT NULL,
    context_kind    VARCHAR(16)  NOT NULL,
    context_id      VARCHAR(128),
    title           TEXT         NOT NULL,
    questions       INTEGER      NOT NULL,
    started_at      TIMESTAMPTZ  NOT NULL,
    last_at         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (learner_id, conversation_id)
);
-- the conversation list, most recent first, keyset-paged
CREATE INDEX tutor_conversation_recent_idx ON tutor_conversation (learner_id, last_at DESC, conversation_id DESC);

CREATE TABLE tutor_message (
    question_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    learner_id      VARCHAR(64)  NOT NULL,
    conversation_id VARCHAR(64)  NOT NULL,
    context_kind    VARCHAR(16)  NOT NULL,
    context_id      VARCHAR(128),
    question        TEXT         NOT NULL,
    answer          TEXT,
    -- asked (being answered), answered, failed
    status          VARCHAR(16)  NOT NULL,
    failure         TEXT,
    plan            VARCHAR(16)  NOT NULL,
    -- the learner's local day the question counted for
    day             DATE         NOT NULL,
    provider        VARCHAR(32),
    model           VARCHAR(128),
    tokens_in       INTEGER,
    tokens_out      INTEGER,
    latency_ms      BIGINT,
    asked_at        TIMESTAMPTZ  NOT NULL,
    answered_at     TIMESTAMPTZ
);
-- one conversation's history, newest first, keyset-paged
CREATE INDEX tutor_message_conversation_idx
    ON tutor_message (learner_id, conversation_id, asked_at DESC, question_id DESC);
-- questions of a learner's day (the remaining count)
CREATE INDEX tutor_message_day_idx ON tutor_message (learner_id, day);
-- usage by day for the analyst view and the monitor
CREATE INDEX tutor_message_asked_idx ON tutor_message (asked_at);

CREATE VIEW analyst.tutor_usage AS
SELECT day,
       coalesce(provider, 'pending')                                   AS provider,
       plan,
       count(*)                                                        AS questions,
       count(*) FILTER (WHERE status = 'answered')                     AS answered,
       count(*) FILTER (WHERE status = 'failed')                       AS failed,
       count(DISTINCT learner_id)                                      AS learners,
       coalesce(sum(tokens_in), 0)                                     AS tokens_in,
       coalesce(sum(tokens_out), 0)                                    AS tokens_out,
       round(avg(latency_ms) FILTER (WHERE status = 'answered'))       AS avg_latency_ms,
       percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms)
           FILTER (WHERE status = 'answered')                          AS p95_latency_ms
FROM tutor_message
GROUP BY day, coalesce(provider, 'pending'), plan
ORDER BY day DESC, provider, plan;
COMMENT ON VIEW analyst.tutor_usage IS
    'Per learners'' local day, tutor provider and plan: questions asked, answered, failed (not counted against the limit), learners, tokens in and out, mean and 95th-percentile latency of answers.';

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pylearn_analyst') THEN
        GRANT SELECT ON analyst.tutor_usage TO pylearn_analyst;
    END IF;
END
$$;
