-- Hourly snapshots of the traffic every node served. Nodes add what they saw since their last flush
-- (INSERT ... ON CONFLICT (hour) DO UPDATE adding up), so several nodes write one row per hour
-- without coordinating. latency_buckets holds request counts per latency bucket (bounds in
-- Traffic.BOUNDS_MS), added element-wise, from which p95 is read. Kept 90 days.
CREATE TABLE metrics_snapshot (
    hour            TIMESTAMPTZ NOT NULL PRIMARY KEY,
    requests        BIGINT      NOT NULL,
    errors          BIGINT      NOT NULL,
    slow_requests   BIGINT      NOT NULL,
    total_ms        BIGINT      NOT NULL,
    statements      BIGINT      NOT NULL,
    latency_buckets BIGINT[]    NOT NULL,
    active_learners INTEGER     NOT NULL DEFAULT 0,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Who was active in an hour, so that a learner served by two nodes counts once; only the recent
-- hours are kept, the count lives on in metrics_snapshot.active_learners.
CREATE TABLE metrics_active_learner (
    hour       TIMESTAMPTZ NOT NULL,
    learner_id VARCHAR(64) NOT NULL,
    PRIMARY KEY (hour, learner_id)
);
