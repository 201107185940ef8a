-- The leaderboards in PostgreSQL: the source the Redis sorted sets are rebuilt from, and what
-- leaderboard reads fall back to while Redis is away. Ordered by xp, then learner id, like Redis.
CREATE TABLE leaderboard_global (
    learner_id VARCHAR(64) NOT NULL PRIMARY KEY,
    xp         BIGINT      NOT NULL,
    version    BIGINT      NOT NULL
);
CREATE INDEX leaderboard_global_rank_idx ON leaderboard_global (xp DESC, learner_id DESC);

CREATE TABLE leaderboard_weekly (
    week       VARCHAR(8)  NOT NULL,
    learner_id VARCHAR(64) NOT NULL,
    xp         BIGINT      NOT NULL,
    version    BIGINT      NOT NULL,
    PRIMARY KEY (week, learner_id)
);
CREATE INDEX leaderboard_weekly_rank_idx ON leaderboard_weekly (week, xp DESC, learner_id DESC);
