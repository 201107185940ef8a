package dev.pylearn.query.forum;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.forum.FindForumCategories;
import dev.pylearn.api.forum.FindForumCategoryPage;
import dev.pylearn.api.forum.FindForumCategoryVersion;
import dev.pylearn.api.forum.FindForumPostVersion;
import dev.pylearn.api.forum.FindForumThread;
import dev.pylearn.api.forum.FindForumThreadVersion;
import dev.pylearn.api.forum.ForumCategoryPage;
import dev.pylearn.api.forum.ForumCategoryView;
import dev.pylearn.api.forum.ForumPostView;
import dev.pylearn.api.forum.ForumSearchHit;
import dev.pylearn.api.forum.ForumSearchPage;
import dev.pylearn.api.forum.ForumThreadSummary;
import dev.pylearn.api.forum.ForumThreadView;
import dev.pylearn.api.forum.SearchForum;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Forum reads, each one statement: a page joins its header row (category or thread) with one keyset
 * range of its list (LATERAL, on the {@code (category_id, last_activity_at, thread_id)} or
 * {@code (thread_id, written_at, post_id)} index) and the authors' display names by primary key; one
 * row more than the page tells whether there is a next one. Search is full-text on the GIN indexes of
 * the generated {@code search} columns, newest first, keyset-paged the same way.
 */
@Component
class ForumQueries {

    static final int MAX_LIMIT = 100;
    static final int MAX_SEARCH = 200;

    private final JdbcClient jdbc;

    ForumQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<ForumCategoryView> handle(FindForumCategories query) {
        return jdbc.sql("""
                        SELECT category_id, title, description, thread_count, post_count, last_activity_at
                        FROM forum_category ORDER BY created_at, category_id""")
                .query((rs, n) -> category(rs))
                .list();
    }

    @QueryHandler
    Long handle(FindForumCategoryVersion query) {
        return jdbc.sql("SELECT 0 FROM forum_category WHERE category_id = ?").param(query.categoryId())
                .query(Long.class).optional().orElse(-1L);
    }

    @QueryHandler
    Long handle(FindForumThreadVersion query) {
        return jdbc.sql("SELECT version FROM forum_thread WHERE thread_id = ?").param(query.threadId())
                .query(Long.class).optional().orElse(-1L);
    }

    @QueryHandler
    Long handle(FindForumPostVersion query) {
        return jdbc.sql("SELECT version FROM forum_post WHERE post_id = ?").param(query.postId())
                .query(Long.class).optional().orElse(-1L);
    }

    @QueryHandler
    ForumCategoryPage handle(FindForumCategoryPage query) {
        Cursor after = Cursor.decode(query.cursor());
        int limit = limit(query.limit());
        List<ForumThreadSummary> threads = new ArrayList<>();
        ForumCategoryView[] category = new ForumCategoryView[1];
        jdbc.sql("""
                        SELECT c.category_id, c.title, c.description, c.thread_count, c.post_count, c.last_activity_at,
                               t.thread_id, t.subject_kind, t.subject_id, t.title AS thread_title,
                               t.post_count AS thread_posts, t.last_activity_at AS thread_activity, t.locked,
                               d.display_name
                        FROM forum_category c
                        LEFT JOIN LATERAL (
                            SELECT * FROM forum_thread t
                            WHERE t.category_id = c.category_id
                            """ + (after == null ? "" : "AND (t.last_activity_at, t.thread_id) < (:at, :id)\n") + """
                            ORDER BY t.last_activity_at DESC, t.thread_id DESC
                            LIMIT :limit) t ON TRUE
                        LEFT JOIN learner_dashboard d ON d.learner_id = t.author_id
                        WHERE c.category_id = :category
                        ORDER BY t.last_activity_at DESC, t.thread_id DESC""")
                .param("category", query.categoryId())
                .param("at", after == null ? null : after.timestamp())
                .param("id", after == null ? null : after.id())
                .param("limit", limit + 1)
                .query((ResultSet rs) -> {
                    category[0] = category(rs);
                    if (rs.getString("thread_id") != null) {
                        threads.add(new ForumThreadSummary(rs.getString("thread_id"), rs.getString("category_id"),
                                rs.getString("subject_kind"), rs.getString("subject_id"), rs.getString("thread_title"),
                                rs.getString("display_name"), rs.getInt("thread_posts"),
                                instant(rs.getTimestamp("thread_activity")), rs.getBoolean("locked")));
                    }
                });
        if (category[0] == null) {
            throw Rejection.notFound("unknown-category", "There is no category '" + query.categoryId() + "'.");
        }
        String next = null;
        if (threads.size() > limit) {
            threads.remove(limit);
            ForumThreadSummary last = threads.get(limit - 1);
            next = new Cursor(last.lastActivityAt(), last.threadId()).encode();
        }
        return new ForumCategoryPage(category[0], threads, next);
    }

    /**
     * A lesson's or challenge's discussion that nobody has posted in yet still has a page (no thread
     * row: the catalog row stands in, in the same statement), so its first reply can be written.
     */
    @QueryHandler
    ForumThreadView handle(FindForumThread query) {
        Cursor after = Cursor.decode(query.cursor());
        int limit = limit(query.limit());
        String id = query.threadId();
        String lesson = id.startsWith("lesson-") ? id.substring("lesson-".length()) : null;
        String challenge = id.startsWith("challenge-") ? id.substring("challenge-".length()) : null;
        List<ForumPostView> posts = new ArrayList<>();
        ForumThreadView[] thread = new ForumThreadView[1];
        jdbc.sql("""
                        WITH t AS (
                            SELECT thread_id, category_id, subject_kind, subject_id,
                                   CASE subject_kind
                                       WHEN 'lesson' THEN COALESCE((SELECT 'Lesson: ' || l.title FROM catalog_lesson l
                                                                    WHERE l.lesson_id = subject_id), title)
                                       WHEN 'challenge' THEN COALESCE((SELECT 'Challenge: ' || c.title
                                                                       FROM catalog_challenge c
                                                                       WHERE c.challenge_id = subject_id), title)
                                       ELSE title END AS title,
                                   locked, lock_reason, unlock_reason, post_count, TRUE AS present
                            FROM forum_thread WHERE thread_id = :id
                            UNION ALL
                            SELECT :id, NULL, 'lesson', lesson_id, 'Lesson: ' || title, FALSE, NULL, NULL, 0, FALSE
                            FROM catalog_lesson WHERE lesson_id = :lesson
                            UNION ALL
                            SELECT :id, NULL, 'challenge', challenge_id, 'Challenge: ' || title, FALSE, NULL, NULL, 0, FALSE
                            FROM catalog_challenge WHERE challenge_id = :challenge
                            LIMIT 1)
                        SELECT t.*, p.post_id, p.author_id, p.markdown, p.html, p.written_at, p.edited_at, p.deleted,
                               p.hidden, p.hide_reason, p.unhide_reason, d.display_name
                        FROM t
                        LEFT JOIN LATERAL (
                            SELECT * FROM forum_post p
                            WHERE p.thread_id = t.thread_id
                            """ + (after == null ? "" : "AND (p.written_at, p.post_id) > (:at, :after)\n") + """
                            ORDER BY p.written_at, p.post_id
                            LIMIT :limit) p ON TRUE
                        LEFT JOIN learner_dashboard d ON d.learner_id = p.author_id
                        ORDER BY p.written_at, p.post_id""")
                .param("id", id)
                .param("lesson", lesson)
                .param("challenge", challenge)
                .param("at", after == null ? null : after.timestamp())
                .param("after", after == null ? null : after.id())
                .param("limit", limit + 1)
                .query((ResultSet rs) -> {
                    if (thread[0] == null) {
                        thread[0] = new ForumThreadView(rs.getString("thread_id"), rs.getBoolean("present"),
                                rs.getString("category_id"), rs.getString("subject_kind"), rs.getString("subject_id"),
                                rs.getString("title"), rs.getBoolean("locked"), rs.getString("lock_reason"),
                                rs.getString("unlock_reason"), rs.getInt("post_count"), posts, null);
                    }
                    if (rs.getString("post_id") != null) {
                        posts.add(post(rs));
                    }
                });
        if (thread[0] == null) {
            throw Rejection.notFound("unknown-thread", "There is no thread '" + id + "'.");
        }
        String next = null;
        if (posts.size() > limit) {
            posts.remove(limit);
            ForumPostView last = posts.get(limit - 1);
            next = new Cursor(last.writtenAt(), last.postId()).encode();
        }
        ForumThreadView t = thread[0];
        return new ForumThreadView(t.threadId(), t.exists(), t.categoryId(), t.subjectKind(), t.subjectId(), t.title(),
                t.locked(), t.lockReason(), t.unlockReason(), t.postCount(), List.copyOf(posts), next);
    }

    @QueryHandler
    ForumSearchPage handle(SearchForum query) {
        String text = query.text() == null ? "" : query.text().strip();
        if (text.isEmpty() || text.length() > MAX_SEARCH) {
            throw Rejection.invalid("invalid-search", "Search for 1 to " + MAX_SEARCH + " characters.");
        }
        Cursor after = Cursor.decode(query.cursor());
        int limit = limit(query.limit());
        String threadAfter = after == null ? "" : "AND (t.created_at, 't:' || t.thread_id) < (:at, :after)\n";
        String postAfter = after == null ? "" : "AND (p.written_at, 'p:' || p.post_id) < (:at, :after)\n";
        List<ForumSearchHit> hits = jdbc.sql("""
                        WITH q AS (SELECT websearch_to_tsquery('english', :text) AS q),
                        hits AS (
                            SELECT * FROM (
                                SELECT t.thread_id, NULL AS post_id, t.title, NULL AS markdown, t.created_at AS at,
                                       't:' || t.thread_id AS hit_id
                                FROM forum_thread t, q WHERE t.search @@ q.q
                                """ + threadAfter + """
                                UNION ALL
                                SELECT p.thread_id, p.post_id, t.title, p.markdown, p.written_at AS at,
                                       'p:' || p.post_id AS hit_id
                                FROM forum_post p JOIN forum_thread t ON t.thread_id = p.thread_id, q
                                WHERE p.search @@ q.q
                                """ + postAfter + """
                            ) h
                            ORDER BY at DESC, hit_id DESC
                            LIMIT :limit)
                        SELECT hits.*, CASE WHEN markdown IS NULL THEN NULL ELSE
                               ts_headline('english', markdown, q.q, 'MaxFragments=1, MaxWords=30, MinWords=10, StartSel=«, StopSel=»')
                               END AS excerpt
                        FROM hits, q ORDER BY at DESC, hit_id DESC""")
                .param("text", text)
                .param("at", after == null ? null : after.timestamp())
                .param("after", after == null ? null : after.id())
                .param("limit", limit + 1)
                .query((rs, n) -> new ForumSearchHit(rs.getString("thread_id"), rs.getString("post_id"),
                        rs.getString("title"), rs.getString("excerpt"), instant(rs.getTimestamp("at"))))
                .list();
        String next = null;
        List<ForumSearchHit> page = new ArrayList<>(hits);
        if (page.size() > limit) {
            page.remove(limit);
            ForumSearchHit last = page.get(limit - 1);
            next = new Cursor(last.at(), (last.postId() == null ? "t:" + last.threadId() : "p:" + last.postId())).encode();
        }
        return new ForumSearchPage(text, page, next);
    }

    private static int limit(int limit) {
        return limit <= 0 ? 20 : Math.min(limit, MAX_LIMIT);
    }

    private static ForumCategoryView category(ResultSet rs) throws SQLException {
        return new ForumCategoryView(rs.getString("category_id"), rs.getString("title"), rs.getString("description"),
                rs.getInt("thread_count"), rs.getInt("post_count"), instant(rs.getTimestamp("last_activity_at")));
    }

    /** Deleted and hidden posts keep their place but not their text. */
    private static ForumPostView post(ResultSet rs) throws SQLException {
        boolean gone = rs.getBoolean("deleted") || rs.getBoolean("hidden");
        return new ForumPostView(rs.getString("post_id"), rs.getString("thread_id"), rs.getString("author_id"),
                rs.getString("display_name"), gone ? null : rs.getString("markdown"), gone ? null : rs.getString("html"),
                instant(rs.getTimestamp("written_at")), instant(rs.getTimestamp("edited_at")), rs.getBoolean("deleted"),
                rs.getBoolean("hidden"), rs.getString("hide_reason"), rs.getString("unhide_reason"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
