-- Admins search learners by the start of their username, case-insensitively (FindLearners):
-- lower(username) LIKE 'prefix%' is a range scan of this index whatever the database's collation.
CREATE INDEX learner_dashboard_username_prefix_idx ON learner_dashboard (lower(username) text_pattern_ops);
