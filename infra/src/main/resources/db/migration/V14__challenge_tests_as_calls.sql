-- Function-style tests are data now (calls and the values they must give, compared by the worker)
-- instead of assertion code run inside the learner's process. Visible tests are shown by a
-- `display` text (the calls and their expected values) where they had `assertion`: rows written
-- before keep their old code as the display until the start-up import republishes them.
UPDATE catalog_challenge c
SET visible_tests = (
    SELECT COALESCE(jsonb_agg((e.t - 'assertion') || jsonb_build_object('display', e.t -> 'assertion')
                              ORDER BY e.ord), '[]'::jsonb)
    FROM jsonb_array_elements(c.visible_tests) WITH ORDINALITY AS e(t, ord))
WHERE jsonb_path_exists(c.visible_tests, '$[*].assertion');

-- The rules a submission is judged by cannot be turned into calls here: an old rule would judge a
-- function-style submission by nothing. Dropped, the rules come back from the start-up import, which
-- republishes every challenge whose tests changed (all of them, the first time).
DELETE FROM challenge_rule WHERE jsonb_path_exists(tests, '$[*].assertion');
