package dev.pylearn.query.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.api.forum.ForumSearchHit;
import dev.pylearn.api.forum.ForumSearchPage;
import dev.pylearn.api.forum.SearchForum;
import dev.pylearn.infra.support.PlatformTest;
import dev.pylearn.infra.support.TestServices;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Ranked search over more matches than its window, against the real PostgreSQL: in a schema of its own
 * (copies of the forum's tables, filled with generate_series), so the shared read models, which a replay
 * test rebuilds from events, get no rows that no event wrote.
 */
class ForumSearchWindowTest extends PlatformTest {

    @Test
    void aCommonWordRanksTheNewestWindowOfMatchesAndEveryPageRanksTheSameWindow() {
        String schema = "search_window_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        jdbc.sql("CREATE SCHEMA " + schema).update();
        try {
            jdbc.sql("CREATE TABLE " + schema + ".forum_thread (LIKE public.forum_thread INCLUDING ALL)").update();
            jdbc.sql("CREATE TABLE " + schema + ".forum_post (LIKE public.forum_post INCLUDING ALL)").update();
            jdbc.sql("INSERT INTO " + schema + ".forum_thread (thread_id, category_id, subject_kind, title, created_at, "
                    + "last_activity_at, version) VALUES ('t1', 'c', 'category', 'Busy', now() - interval '1 day', now(), 0)")
                    .update();
            // 1,500 matches, one a second, each mentioning the word 1 to 7 times in a text of its own length
            jdbc.sql("INSERT INTO " + schema + ".forum_post (post_id, thread_id, author_id, markdown, html, written_at, "
                    + "version) SELECT 'p' || lpad(i::text, 4, '0'), 't1', 'a', repeat('commonword ', 1 + i % 7) "
                    + "|| repeat('filler' || i || ' ', i % 11), '', now() - interval '2 hours' + i * interval '1 second', 0 "
                    + "FROM generate_series(1, 1500) i").update();
            DataSource scoped = inSchema(schema);
            ForumQueries queries = new ForumQueries(JdbcClient.create(scoped), scoped);

            List<ForumSearchHit> hits = new ArrayList<>();
            ForumSearchPage page = queries.handle(new SearchForum("commonword", null, 100));
            hits.addAll(page.hits());
            // a match written after the first page, as relevant as any: not slipped into the later pages
            jdbc.sql("INSERT INTO " + schema + ".forum_post (post_id, thread_id, author_id, markdown, html, written_at, "
                    + "version) VALUES ('late', 't1', 'a', 'commonword commonword commonword', '', now(), 0)").update();
            while (page.nextCursor() != null) {
                page = queries.handle(new SearchForum("commonword", page.nextCursor(), 100));
                hits.addAll(page.hits());
            }

            List<String> ids = hits.stream().map(ForumSearchHit::postId).toList();
            assertThat(ids).hasSize(ForumQueries.SEARCH_WINDOW).doesNotHaveDuplicates().doesNotContain("late");
            // the window is the newest 1,000 of the 1,500: p0501 .. p1500
            assertThat(new HashSet<>(ids)).isEqualTo(new HashSet<>(jdbc.sql("SELECT post_id FROM " + schema
                    + ".forum_post WHERE post_id <> 'late' ORDER BY written_at DESC LIMIT 1000").query(String.class).list()));
            // in order of relevance, most relevant first
            List<Float> ranks = new ArrayList<>();
            for (String id : ids) {
                ranks.add(jdbc.sql("SELECT ts_rank_cd(search, websearch_to_tsquery('english', 'commonword'), 1) FROM "
                        + schema + ".forum_post WHERE post_id = ?").param(id).query(Float.class).single());
            }
            assertThat(ranks).isSortedAccordingTo((a, b) -> Float.compare(b, a));
            assertThat(ranks.get(0)).isGreaterThan(ranks.get(ranks.size() - 1));
        } finally {
            jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
        }
    }

    /** Connections to the test database whose tables are the schema's. */
    /**
     * However often a search runs on a connection, PostgreSQL plans it with its words: it is never
     * prepared on the server, where a generic plan made without the words would be used after a few runs
     * (a rare word then walked the whole time index: seconds at 1,000,000 posts, see CustomPlans).
     */
    @Test
    void aSearchIsNeverPreparedOnTheServerSoItsPlanAlwaysSeesItsWords() throws Exception {
        SingleConnectionDataSource one = new SingleConnectionDataSource(TestServices.database().url(),
                TestServices.database().username(), TestServices.database().password(), true);
        try {
            ForumQueries queries = new ForumQueries(JdbcClient.create(one), one);
            for (int i = 0; i < 12; i++) {
                queries.handle(new SearchForum(i % 2 == 0 ? "python" : "zebra" + i, null, 20));
            }
            JdbcClient same = JdbcClient.create(one);
            assertThat(same.sql("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%websearch_to_tsquery%'")
                    .query(Long.class).single()).as("server-side prepared searches on the connection").isZero();
            // the same statement through a plain JdbcClient is prepared on the server from its fifth run on
            for (int i = 0; i < 6; i++) {
                same.sql("SELECT count(*) FROM forum_post WHERE search @@ websearch_to_tsquery('english', :text)")
                        .param("text", "zebra" + i).query(Long.class).single();
            }
            assertThat(same.sql("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%websearch_to_tsquery%'")
                    .query(Long.class).single()).as("a plainly run statement, for comparison").isPositive();
        } finally {
            one.destroy();
        }
    }

    private static DataSource inSchema(String schema) {
        TestServices.Database database = TestServices.database();
        DriverManagerDataSource scoped = new DriverManagerDataSource(database.url());
        Properties properties = new Properties();
        properties.setProperty("user", database.username());
        properties.setProperty("password", database.password());
        properties.setProperty("currentSchema", schema);
        scoped.setConnectionProperties(properties);
        return scoped;
    }
}
