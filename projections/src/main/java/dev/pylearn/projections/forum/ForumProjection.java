package dev.pylearn.projections.forum;

import dev.pylearn.api.forum.FindForumCategoryVersion;
import dev.pylearn.api.forum.FindForumPostVersion;
import dev.pylearn.api.forum.FindForumThreadVersion;
import dev.pylearn.api.forum.ForumCategoryCreated;
import dev.pylearn.api.forum.PostDeleted;
import dev.pylearn.api.forum.PostEdited;
import dev.pylearn.api.forum.PostHidden;
import dev.pylearn.api.forum.PostUnhidden;
import dev.pylearn.api.forum.PostWritten;
import dev.pylearn.api.forum.ThreadLocked;
import dev.pylearn.api.forum.ThreadStarted;
import dev.pylearn.api.forum.ThreadUnlocked;
import dev.pylearn.projections.support.ReadModelPush;
import dev.pylearn.projections.support.MarkdownHtml;
import dev.pylearn.projections.support.ReadModel;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the forum's read models: {@code forum_category}, {@code forum_thread} (with its counts and last
 * activity, for the category page's order) and {@code forum_post} (Markdown and its sanitized HTML).
 * Posts and threads are different aggregates, so the processor runs one segment: a thread's first
 * event is applied before its posts'. Every write is keyed: a row is inserted once (ON CONFLICT DO
 * NOTHING, and the counts move only with that insert, in the same statement) and changed only by an
 * event newer than its {@code version}, so replays and redeliveries change nothing.
 * <p>
 * Plain JDBC rather than Spring Data JPA: every write here is a guarded upsert or a counted insert
 * (INSERT ... ON CONFLICT ... RETURNING feeding an UPDATE), and every read a keyset or full-text
 * statement; as JPA these would all be native queries, with Hibernate's start-up cost in every node
 * and test context on top.
 */
@Component
@ReadModel(tables = {"forum_category", "forum_thread", "forum_post"})
@ProcessingGroup(ForumProjection.GROUP)
class ForumProjection {

    static final String GROUP = "forum";

    private final JdbcClient jdbc;
    private final ReadModelPush push;

    ForumProjection(JdbcClient jdbc, ReadModelPush push) {
        this.jdbc = jdbc;
        this.push = push;
    }

    @EventHandler
    void on(ForumCategoryCreated event) {
        jdbc.sql("""
                        INSERT INTO forum_category (category_id, title, description, created_at)
                        VALUES (?, ?, ?, ?) ON CONFLICT (category_id) DO NOTHING""")
                .params(event.categoryId(), event.title(), event.description(), ts(event.at()))
                .update();
        push.reached(new FindForumCategoryVersion(event.categoryId()), 0L);
    }

    @EventHandler
    void on(ThreadStarted event, @SequenceNumber long version) {
        jdbc.sql("""
                        WITH inserted AS (
                            INSERT INTO forum_thread (thread_id, category_id, subject_kind, subject_id, title, author_id,
                                                      created_at, last_activity_at, version)
                            VALUES (:id, :category, :kind, :subject, :title, :author, :at, :at, :version)
                            ON CONFLICT (thread_id) DO NOTHING
                            RETURNING category_id)
                        UPDATE forum_category c SET thread_count = c.thread_count + 1
                        FROM inserted WHERE c.category_id = inserted.category_id""")
                .param("id", event.threadId())
                .param("category", event.categoryId())
                .param("kind", event.subjectKind())
                .param("subject", event.subjectId())
                .param("title", event.title())
                .param("author", event.authorId())
                .param("at", ts(event.at()))
                .param("version", version)
                .update();
        threadChanged(event.threadId(), version);
    }

    @EventHandler
    void on(ThreadLocked event, @SequenceNumber long version) {
        moderated("forum_thread", "locked = TRUE, lock_reason = ?, unlock_reason = NULL", event.reason(),
                event.threadId(), version);
        threadChanged(event.threadId(), version);
    }

    @EventHandler
    void on(ThreadUnlocked event, @SequenceNumber long version) {
        moderated("forum_thread", "locked = FALSE, lock_reason = NULL, unlock_reason = ?", event.reason(),
                event.threadId(), version);
        threadChanged(event.threadId(), version);
    }

    /** The post, its thread's count and last activity, and its category's, all moved by the one insert. */
    @EventHandler
    void on(PostWritten event, @SequenceNumber long version) {
        jdbc.sql("""
                        WITH inserted AS (
                            INSERT INTO forum_post (post_id, thread_id, author_id, markdown, html, written_at, version)
                            VALUES (:id, :thread, :author, :markdown, :html, :at, :version)
                            ON CONFLICT (post_id) DO NOTHING
                            RETURNING thread_id, written_at),
                        thread AS (
                            UPDATE forum_thread t SET post_count = t.post_count + 1,
                                last_activity_at = GREATEST(t.last_activity_at, inserted.written_at)
                            FROM inserted WHERE t.thread_id = inserted.thread_id
                            RETURNING t.category_id, inserted.written_at)
                        UPDATE forum_category c SET post_count = c.post_count + 1,
                            last_activity_at = GREATEST(c.last_activity_at, thread.written_at)
                        FROM thread WHERE c.category_id = thread.category_id""")
                .param("id", event.postId())
                .param("thread", event.threadId())
                .param("author", event.authorId())
                .param("markdown", event.body())
                .param("html", MarkdownHtml.render(event.body()))
                .param("at", ts(event.at()))
                .param("version", version)
                .update();
        postChanged(event.postId(), version);
    }

    @EventHandler
    void on(PostEdited event, @SequenceNumber long version) {
        jdbc.sql("""
                        UPDATE forum_post SET markdown = ?, html = ?, edited_at = ?, version = ?
                        WHERE post_id = ? AND version < ?""")
                .params(event.body(), MarkdownHtml.render(event.body()), ts(event.at()), version, event.postId(), version)
                .update();
        postChanged(event.postId(), version);
    }

    @EventHandler
    void on(PostDeleted event, @SequenceNumber long version) {
        jdbc.sql("UPDATE forum_post SET deleted = TRUE, version = ? WHERE post_id = ? AND version < ?")
                .params(version, event.postId(), version)
                .update();
        postChanged(event.postId(), version);
    }

    @EventHandler
    void on(PostHidden event, @SequenceNumber long version) {
        moderated("forum_post", "hidden = TRUE, hide_reason = ?, unhide_reason = NULL", event.reason(), event.postId(),
                version);
        postChanged(event.postId(), version);
    }

    @EventHandler
    void on(PostUnhidden event, @SequenceNumber long version) {
        moderated("forum_post", "hidden = FALSE, hide_reason = NULL, unhide_reason = ?", event.reason(),
                event.postId(), version);
        postChanged(event.postId(), version);
    }

    /** A moderator's change of a thread or post row, applied once: only by an event newer than the row. */
    private void moderated(String table, String set, String reason, String id, long version) {
        String key = "forum_thread".equals(table) ? "thread_id" : "post_id";
        jdbc.sql("UPDATE " + table + " SET " + set + ", version = ? WHERE " + key + " = ? AND version < ?")
                .params(reason, version, id, version)
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE forum_category, forum_thread, forum_post").update();
    }

    private void postChanged(String postId, long version) {
        push.reached(new FindForumPostVersion(postId), version);
    }

    private void threadChanged(String threadId, long version) {
        push.reached(new FindForumThreadVersion(threadId), version);
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
