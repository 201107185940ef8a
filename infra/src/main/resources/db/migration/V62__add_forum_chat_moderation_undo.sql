-- Moderation that can be undone (issue 15): the reasons an admin gives for unlocking a thread,
-- unhiding a post and unhiding a chat message, shown to learners like the lock and hide reasons.
ALTER TABLE forum_thread ADD COLUMN unlock_reason TEXT;
ALTER TABLE forum_post ADD COLUMN unhide_reason TEXT;
ALTER TABLE chat_message ADD COLUMN unhide_reason TEXT;

-- Command side: which threads are locked, written with the thread's ThreadLocked / ThreadUnlocked
-- events in the same transaction, so a post's edit or delete is refused in a locked thread without
-- the post aggregate loading its thread (posts are aggregates of their own). Threads locked before
-- this table existed are taken from the forum read model, which had applied every lock by then.
CREATE TABLE forum_thread_lock (
    thread_id VARCHAR(200) PRIMARY KEY,
    reason    TEXT         NOT NULL
);
INSERT INTO forum_thread_lock (thread_id, reason)
SELECT thread_id, COALESCE(lock_reason, '') FROM forum_thread WHERE locked;
