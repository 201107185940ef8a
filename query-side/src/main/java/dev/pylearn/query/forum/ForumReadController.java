package dev.pylearn.query.forum;

import dev.pylearn.api.forum.FindForumCategories;
import dev.pylearn.api.forum.FindForumCategoryPage;
import dev.pylearn.api.forum.FindForumThread;
import dev.pylearn.api.forum.ForumCategoryPage;
import dev.pylearn.api.forum.ForumCategoryView;
import dev.pylearn.api.forum.ForumSearchPage;
import dev.pylearn.api.forum.ForumThreadView;
import dev.pylearn.api.forum.SearchForum;
import dev.pylearn.query.web.Queries;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The forum's read API, public like the catalog: categories, a category's threads, a thread's posts, search. */
@RestController
class ForumReadController {

    private final Queries queries;

    ForumReadController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/forum/categories")
    List<ForumCategoryView> categories() {
        return queries.many(new FindForumCategories(), ForumCategoryView.class);
    }

    @GetMapping("/api/forum/categories/{categoryId}")
    ForumCategoryPage category(@PathVariable String categoryId, @RequestParam(required = false) String cursor,
                               @RequestParam(defaultValue = "20") int limit) {
        return queries.one(new FindForumCategoryPage(categoryId, cursor, limit), ForumCategoryPage.class).orElseThrow();
    }

    @GetMapping("/api/forum/threads/{threadId}")
    ForumThreadView thread(@PathVariable String threadId, @RequestParam(required = false) String cursor,
                           @RequestParam(defaultValue = "20") int limit) {
        return queries.one(new FindForumThread(threadId, cursor, limit), ForumThreadView.class).orElseThrow();
    }

    @GetMapping("/api/forum/search")
    ForumSearchPage search(@RequestParam(name = "q", required = false) String text,
                           @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "20") int limit) {
        return queries.one(new SearchForum(text, cursor, limit), ForumSearchPage.class).orElseThrow();
    }
}
