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
 * row more than the page tells whether there is a next one. Search is full-text on the generated
 * {@code search} columns, ranked by relevance among a bounded window of the newest matches (see
 * {@link #handle(SearchForum)}).
 */
@Component
class ForumQueries {

    static final int MAX_LIMIT = 100;
    static final int MAX_SEARCH = 200;
    /** How many of the newest matches a search ranks. */
    static final int SEARCH_WINDOW = 1_000;

    private final JdbcClient jdbc;
    /** Search's statements, planned with their words on every run (see {@link CustomPlans}). */
    private final JdbcClient searches;

    ForumQueries(JdbcClient jdbc, javax.sql.DataSource dataSource) {
        this.jdbc = jdbc;
        this.searches = JdbcClient.create(new CustomPlans(dataSource));
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

    /**
     * Search, ranked by relevance ({@code ts_rank_cd}, normalized by document length) and keyset-paged on
     * (rank, hit id), one statement per page. Ranking needs every candidate's rank before the first hit is
     * known, so the candidates are bounded: the newest {@value #SEARCH_WINDOW} matches (thread titles and
     * posts) written up to the first page's time. The later pages rank exactly that window again (its
     * bounds travel in the cursor, see {@link SearchCursor}), so no hit moves between pages as new posts
     * arrive; a learner looking for an old post among thousands of matches narrows the words.
     * <p>
     * Measured with EXPLAIN ANALYZE on 5,000 posts in 500 threads (PostgreSQL 15, this box, under the
     * other helpers' load): a word in 80% of the posts ("python", 4,000 matches) is planned as a backward
     * index scan on {@code forum_post_by_time} that stops at the window's 1,000th match (993 rows read from
     * the posts, 9 from the threads), ranks those 1,000 and returns 21 in 6.3 ms; a word in 20%
     * ("nothing") reads its 1,000 newest matches in 5.6 ms (a sequential scan at this size; the GIN index
     * {@code forum_post_search} once the table is larger); the same search ranking all matches (no
     * window) read all 4,000 through the GIN bitmap and ranked them, 18.8 ms, growing with the matches. The
     * tsquery is written out in each place (not a CTE) so the planner sees the words and can estimate how
     * common they are: through a CTE it always chose the GIN bitmap and read every match.
     */
    @QueryHandler
    ForumSearchPage handle(SearchForum query) {
        String text = query.text() == null ? "" : query.text().strip();
        if (text.isEmpty() || text.length() > MAX_SEARCH) {
            throw Rejection.invalid("invalid-search", "Search for 1 to " + MAX_SEARCH + " characters.");
        }
        SearchCursor after = SearchCursor.decode(query.cursor());
        int limit = limit(query.limit());
        Instant to = after != null ? after.to() : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        boolean first = after == null;
        boolean from = after != null && after.fromAt() != null;
        String tsquery = "websearch_to_tsquery('english', :text)";
        String threadFrom = from ? "AND (t.created_at, 't:' || t.thread_id) >= (:fromAt, :fromId)\n" : "";
        String postFrom = from ? "AND (p.written_at, 'p:' || p.post_id) >= (:fromAt, :fromId)\n" : "";
        String window = first ? "LIMIT :window\n" : "";
        String keyset = first ? "" : "WHERE (rank, hit_id) < (CAST(:rank AS real), :after)\n";
        record Row(ForumSearchHit hit, float rank, String hitId, Instant oldestAt, String oldestId, long windowSize) {
        }
        List<Row> rows = searches.sql("""
                        WITH win AS (
                            SELECT * FROM (
                                (SELECT 't:' || t.thread_id AS hit_id, t.thread_id, NULL::varchar AS post_id,
                                        t.created_at AS at, t.search AS doc
                                 FROM forum_thread t WHERE t.search @@ %1$s AND t.created_at <= :to
                                 %2$sORDER BY t.created_at DESC
                                 %4$s)
                                UNION ALL
                                (SELECT 'p:' || p.post_id, p.thread_id, p.post_id, p.written_at, p.search
                                 FROM forum_post p WHERE p.search @@ %1$s AND p.written_at <= :to
                                 %3$sORDER BY p.written_at DESC
                                 %4$s)) m
                            ORDER BY at DESC, hit_id DESC
                            %4$s),
                        oldest AS (SELECT at, hit_id FROM win ORDER BY at, hit_id LIMIT 1),
                        ranked AS (SELECT hit_id, thread_id, post_id, at, ts_rank_cd(doc, %1$s, 1) AS rank FROM win),
                        hits AS (SELECT * FROM ranked %5$sORDER BY rank DESC, hit_id DESC LIMIT :limit)
                        SELECT hits.*, t.title,
                               CASE WHEN hits.post_id IS NULL THEN NULL ELSE ts_headline('english', p.markdown, %1$s,
                                   'MaxFragments=1, MaxWords=30, MinWords=10, StartSel=«, StopSel=»') END AS excerpt,
                               oldest.at AS oldest_at, oldest.hit_id AS oldest_id,
                               (SELECT count(*) FROM win) AS window_size
                        FROM hits JOIN forum_thread t ON t.thread_id = hits.thread_id
                        LEFT JOIN forum_post p ON p.post_id = hits.post_id
                        CROSS JOIN oldest
                        ORDER BY hits.rank DESC, hits.hit_id DESC""".formatted(tsquery, threadFrom, postFrom, window,
                        keyset))
                .param("text", text)
                .param("to", Timestamp.from(to))
                .param("fromAt", from ? after.fromTimestamp() : null)
                .param("fromId", from ? after.fromId() : null)
                .param("window", SEARCH_WINDOW)
                .param("rank", first ? null : after.rank())
                .param("after", first ? null : after.id())
                .param("limit", limit + 1)
                .query((rs, n) -> new Row(new ForumSearchHit(rs.getString("thread_id"), rs.getString("post_id"),
                        rs.getString("title"), rs.getString("excerpt"), instant(rs.getTimestamp("at"))),
                        rs.getFloat("rank"), rs.getString("hit_id"), instant(rs.getTimestamp("oldest_at")),
                        rs.getString("oldest_id"), rs.getLong("window_size")))
                .list();
        String next = null;
        List<ForumSearchHit> page = new ArrayList<>(rows.stream().map(Row::hit).toList());
        if (page.size() > limit) {
            page.remove(limit);
            Row last = rows.get(limit - 1);
            Row any = rows.get(0);
            SearchCursor cursor = first
                    ? (any.windowSize() >= SEARCH_WINDOW
                            ? new SearchCursor(last.rank(), last.hitId(), to, any.oldestAt(), any.oldestId())
                            : new SearchCursor(last.rank(), last.hitId(), to, null, null))
                    : new SearchCursor(last.rank(), last.hitId(), to, after.fromAt(), after.fromId());
            next = cursor.encode();
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
