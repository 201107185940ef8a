-- Ranked forum search (issue 15): a search ranks the newest 1,000 matches. For a common word the planner
-- walks these indexes newest first and stops at the 1,000th match instead of reading every match
-- through the GIN index; for a rare word it keeps using the GIN index. See ForumQueries.
CREATE INDEX forum_post_by_time ON forum_post (written_at);
CREATE INDEX forum_thread_by_time ON forum_thread (created_at);
