-- Analyst read models, kept by the `analytics` projection from the Learner's events. Every write
-- is guarded by analytics_learner.version (the learner's last event applied), so counters are
-- incremented exactly once per event, also on replays and redeliveries.
CREATE TABLE analytics_learner (
    learner_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    timezone      VARCHAR(64)  NOT NULL,
    registered_at TIMESTAMPTZ  NOT NULL,
    version       BIGINT       NOT NULL
);

-- One row per learner and local day (in the learner's time zone) with any activity.
CREATE TABLE analytics_daily_activity (
    learner_id        VARCHAR(64) NOT NULL,
    day               DATE        NOT NULL,
    xp                BIGINT      NOT NULL DEFAULT 0,
    lessons_completed INTEGER     NOT NULL DEFAULT 0,
    challenges_solved INTEGER     NOT NULL DEFAULT 0,
    submissions       INTEGER     NOT NULL DEFAULT 0,
    PRIMARY KEY (learner_id, day)
);
CREATE INDEX analytics_daily_activity_day_idx ON analytics_daily_activity (day);

-- One row per learner and challenge tried: attempts, and on which attempt it was first passed.
CREATE TABLE analytics_challenge_attempt (
    learner_id        VARCHAR(64)  NOT NULL,
    challenge_id      VARCHAR(128) NOT NULL,
    attempts          INTEGER      NOT NULL DEFAULT 0,
    passed_on_attempt INTEGER,
    first_attempt_at  TIMESTAMPTZ,
    solved_at         TIMESTAMPTZ,
    PRIMARY KEY (learner_id, challenge_id)
);
CREATE INDEX analytics_challenge_attempt_solved_idx ON analytics_challenge_attempt (learner_id, solved_at);
CREATE INDEX analytics_challenge_attempt_challenge_idx ON analytics_challenge_attempt (challenge_id);

-- Lessons completed per learner and track: the funnel's raw material.
CREATE TABLE analytics_track_progress (
    learner_id        VARCHAR(64)  NOT NULL,
    track_id          VARCHAR(128) NOT NULL,
    completed_lessons INTEGER      NOT NULL DEFAULT 0,
    started_at        TIMESTAMPTZ  NOT NULL,
    last_completed_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (learner_id, track_id)
);

-- What analysts query: documented views in their own schema. They read the tables with the
-- owner's rights, so the analyst role needs (and has) no access to anything else.
CREATE SCHEMA analyst;

CREATE VIEW analyst.daily_activity AS
SELECT learner_id, day, xp, lessons_completed, challenges_solved, submissions
FROM analytics_daily_activity;
COMMENT ON VIEW analyst.daily_activity IS
    'One row per learner and local day (learner''s time zone) with activity: XP earned, first lesson completions, first challenge passes, code submissions.';

CREATE VIEW analyst.challenge_pass_rates AS
SELECT a.challenge_id,
       c.title,
       c.track_id,
       count(*)                                                            AS learners_attempted,
       count(a.solved_at)                                                  AS learners_passed,
       round(count(a.solved_at)::numeric / count(*), 4)                    AS pass_rate,
       round(avg(a.passed_on_attempt)::numeric, 2)                         AS avg_attempts_to_pass,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY a.passed_on_attempt)    AS median_attempts_to_pass,
       sum(a.attempts)                                                     AS submissions
FROM analytics_challenge_attempt a
LEFT JOIN catalog_challenge c ON c.challenge_id = a.challenge_id
GROUP BY a.challenge_id, c.title, c.track_id;
COMMENT ON VIEW analyst.challenge_pass_rates IS
    'Per challenge: learners who submitted, learners who passed, pass rate, attempts needed to pass (mean, median), submissions.';

CREATE VIEW analyst.track_funnel AS
SELECT t.track_id,
       t.title,
       t.lesson_count,
       count(p.learner_id)                                                       AS started,
       count(p.learner_id) FILTER (WHERE p.completed_lessons * 2 >= t.lesson_count) AS halfway,
       count(p.learner_id) FILTER (WHERE p.completed_lessons >= t.lesson_count)     AS finished
FROM catalog_track t
LEFT JOIN analytics_track_progress p ON p.track_id = t.track_id
GROUP BY t.track_id, t.title, t.lesson_count, t.position
ORDER BY t.position;
COMMENT ON VIEW analyst.track_funnel IS
    'Per track: learners who completed at least one lesson (started), at least half (halfway), all (finished).';

CREATE VIEW analyst.weekly_active_learners AS
SELECT to_char(day, 'IYYY-"W"IW')  AS iso_week,
       count(DISTINCT learner_id)  AS active_learners,
       sum(xp)                     AS xp,
       sum(lessons_completed)      AS lessons_completed,
       sum(challenges_solved)      AS challenges_solved
FROM analytics_daily_activity
GROUP BY 1
ORDER BY 1;
COMMENT ON VIEW analyst.weekly_active_learners IS
    'Per ISO week (of learners'' local days): learners with any activity, and what they did.';

-- The read-only role analysts log in through (or that their login roles are granted). Roles are
-- shared by all databases of a server, so another database may have created it already; a
-- database user without CREATEROLE leaves it to the DBA (see README).
DO $$
BEGIN
    BEGIN
        CREATE ROLE pylearn_analyst NOLOGIN;
    EXCEPTION
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN RAISE NOTICE 'no CREATEROLE: create role pylearn_analyst yourself';
    END;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pylearn_analyst') THEN
        GRANT USAGE ON SCHEMA analyst TO pylearn_analyst;
        GRANT SELECT ON ALL TABLES IN SCHEMA analyst TO pylearn_analyst;
    END IF;
END
$$;
