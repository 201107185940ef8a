package dev.pylearn.infra.benchmark;

import dev.pylearn.api.forum.FindForumCategoryPage;
import dev.pylearn.api.forum.FindForumThread;
import dev.pylearn.api.forum.ForumCategoryPage;
import dev.pylearn.api.forum.ForumThreadView;
import dev.pylearn.api.forum.ForumSearchPage;
import dev.pylearn.api.forum.SearchForum;
import dev.pylearn.infra.support.TestServices;
import dev.pylearn.query.web.Queries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The forum's pages with 1,000,000 posts: p50/p95/p99 of the category page (threads by last activity)
 * and the thread page (posts in order), first pages and pages deep behind a cursor, and of search;
 * each one statement, timed through the query handler that the API and the pages use (SQL and
 * mapping), plus each statement's plan. Prints figures; asserts nothing about speed.
 * <p>
 * Setup: the read model is filled with generate_series (20 categories, 20,000 threads, 1,000,000
 * posts: most threads 40 posts, one hot thread 200,000), then ANALYZE.
 *
 * <pre>./mvnw -Pbenchmark verify -pl infra -am -Dtest=ForumPageBenchmark</pre>
 */
@Tag("benchmark")
class ForumPageBenchmark {

    static final int POSTS = Integer.getInteger("pylearn.benchmark.posts", 1_000_000);
    static final int SAMPLES = 500;

    @Test
    void categoryThreadAndSearchPagesWithAMillionPosts() {
        TestServices.Database db = TestServices.database();
        try (ConfigurableApplicationContext app = BenchmarkNodes.start(db, "benchmark password")) {
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            Queries queries = app.getBean(Queries.class);
            long start = System.nanoTime();
            fill(jdbc);
            System.out.printf("setup: %,d posts in %,d threads inserted and analyzed in %.1f s%n",
                    jdbc.sql("SELECT count(*) FROM forum_post").query(Long.class).single(),
                    jdbc.sql("SELECT count(*) FROM forum_thread").query(Long.class).single(),
                    (System.nanoTime() - start) / 1e9);

            Random random = new Random(42);
            // cursors deep into the lists: the 1000th newest thread of a category, the 100,000th post of the hot thread
            String deepCategoryCursor = queries.one(new FindForumCategoryPage("cat-1", null, 100), ForumCategoryPage.class)
                    .orElseThrow().nextCursor();
            for (int i = 0; i < 9; i++) {
                deepCategoryCursor = queries.one(new FindForumCategoryPage("cat-1", deepCategoryCursor, 100),
                        ForumCategoryPage.class).orElseThrow().nextCursor();
            }
            String hotCursor = null;
            for (int i = 0; i < 1000; i++) {
                hotCursor = queries.one(new FindForumThread("hot", hotCursor, 100), ForumThreadView.class)
                        .orElseThrow().nextCursor();
            }
            String deepCategory = deepCategoryCursor;
            String deepHot = hotCursor;
            report("category page, first", () -> queries.one(new FindForumCategoryPage("cat-" + random.nextInt(20),
                    null, 20), ForumCategoryPage.class).orElseThrow().threads().size());
            report("category page, 1,000 threads deep", () -> queries.one(new FindForumCategoryPage("cat-1",
                    deepCategory, 20), ForumCategoryPage.class).orElseThrow().threads().size());
            report("thread page, first (random thread of 40 posts)", () -> queries.one(new FindForumThread(
                    "t-" + random.nextInt(20_000), null, 20), ForumThreadView.class).orElseThrow().posts().size());
            report("thread page, 100,000 posts deep (hot thread)", () -> queries.one(new FindForumThread("hot",
                    deepHot, 20), ForumThreadView.class).orElseThrow().posts().size());
            String[] words = {"decorator", "generator", "recursion", "dictionary", "\"list comprehension\""};
            // a word in a sixth of the posts costs a bitmap scan of all its posts and a sort: fewer samples
            report("search, word in 1 of 6 posts", () -> queries.one(new SearchForum(words[random.nextInt(words.length)],
                    null, 20), ForumSearchPage.class).orElseThrow().hits().size(), 20);
            report("search, word in 1 of 6,000 posts", () -> queries.one(new SearchForum("zebra" + random.nextInt(1000),
                    null, 20), ForumSearchPage.class).orElseThrow().hits().size(), 100);

            plan(jdbc, "category page", """
                    SELECT t.* FROM forum_thread t WHERE t.category_id = 'cat-1'
                    ORDER BY t.last_activity_at DESC, t.thread_id DESC LIMIT 21""");
            plan(jdbc, "thread page (deep)", """
                    SELECT p.* FROM forum_post p WHERE p.thread_id = 'hot'
                      AND (p.written_at, p.post_id) > (now() - interval '10 days', '')
                    ORDER BY p.written_at, p.post_id LIMIT 21""");
        }
    }

    private static void fill(JdbcClient jdbc) {
        jdbc.sql("""
                INSERT INTO forum_category (category_id, title, description, created_at)
                SELECT 'cat-' || c, 'Category ' || c, 'Benchmark', now() FROM generate_series(0, 19) c""").update();
        int threads = 20_000;
        int hot = POSTS / 5;
        int perThread = (POSTS - hot) / threads;
        jdbc.sql("""
                INSERT INTO forum_thread (thread_id, category_id, subject_kind, title, author_id, created_at,
                                          last_activity_at, post_count, version)
                SELECT 't-' || t, 'cat-' || (t % 20), 'category', 'Thread ' || t || ' about '
                       || (ARRAY['loops','decorators','generators','classes','files'])[(1 + t % 5)::int],
                       'author-' || (t % 5000), now() - interval '30 days' + t * interval '1 minute',
                       now() - interval '30 days' + t * interval '1 minute' + interval '1 hour', :per, 0
                FROM generate_series(0, CAST(:threads AS int) - 1) t""")
                .param("per", perThread).param("threads", threads).update();
        jdbc.sql("""
                INSERT INTO forum_thread (thread_id, category_id, subject_kind, title, author_id, created_at,
                                          last_activity_at, post_count, version)
                VALUES ('hot', 'cat-1', 'category', 'The hot thread', 'author-1', now() - interval '30 days', now(), :hot, 0)""")
                .param("hot", hot).update();
        jdbc.sql("""
                INSERT INTO forum_post (post_id, thread_id, author_id, markdown, html, written_at, version)
                SELECT 'p-' || n, 't-' || (n % :threads), 'author-' || (n % 5000),
                       'Post ' || n || ' on ' || (ARRAY['a decorator','a generator','recursion','a dictionary',
                           'a list comprehension','zebra' || (n % 1000)])[(1 + n % 6)::int] || ' with some more words to index',
                       '<p>Post ' || n || '</p>', now() - interval '30 days' + (n / :threads) * interval '1 minute', 0
                FROM generate_series(0, CAST(:regular AS int) - 1) n""")
                .param("threads", threads).param("regular", perThread * threads).update();
        jdbc.sql("""
                INSERT INTO forum_post (post_id, thread_id, author_id, markdown, html, written_at, version)
                SELECT 'h-' || n, 'hot', 'author-' || (n % 5000), 'Hot post ' || n || ' about recursion',
                       '<p>Hot post ' || n || '</p>', now() - interval '30 days' + n * interval '10 seconds', 0
                FROM generate_series(0, CAST(:hot AS int) - 1) n""")
                .param("hot", hot).update();
        jdbc.sql("ANALYZE forum_category, forum_thread, forum_post").update();
    }

    private static void report(String what, Supplier<Integer> page) {
        report(what, page, SAMPLES);
    }

    private static void report(String what, Supplier<Integer> page, int samples) {
        for (int i = 0; i < Math.min(50, samples); i++) {
            page.get();
        }
        List<Double> millis = new ArrayList<>();
        int rows = 0;
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            rows += page.get();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%-48s p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  (%d samples, %.1f rows each)%n", what,
                millis.get(samples / 2), millis.get(samples * 95 / 100), millis.get(samples * 99 / 100), samples,
                rows / (double) samples);
    }

    private static void plan(JdbcClient jdbc, String what, String sql) {
        System.out.println("plan of the " + what + ":");
        jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + sql).query(String.class).list()
                .forEach(line -> System.out.println("  " + line));
    }
}
