package dev.pylearn.web.forum;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.forum.FindForumCategories;
import dev.pylearn.api.forum.FindForumCategoryPage;
import dev.pylearn.api.forum.FindForumThread;
import dev.pylearn.api.forum.ForumCategoryPage;
import dev.pylearn.api.forum.ForumCategoryView;
import dev.pylearn.api.forum.ForumSearchPage;
import dev.pylearn.api.forum.ForumThreadView;
import dev.pylearn.api.forum.SearchForum;
import dev.pylearn.command.forum.ForumWrites;
import dev.pylearn.query.web.Queries;
import dev.pylearn.web.form.FormErrors;
import dev.pylearn.web.form.Refusals;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The forum's pages: categories, a category's threads, a thread's posts, search; each one query (the
 * API's handlers, one statement). Forms post to the same {@link ForumWrites} as the API, which waits
 * until the read model shows the change, then redirect (POST-redirect-GET); a refusal shows the page
 * again with the API's message next to the field and what was typed kept. Everything works without
 * JavaScript: editing is a form inside a {@code <details>} under the post.
 */
@Controller
class ForumPages {

    static final int PAGE = 20;
    private static final Map<String, String> FIELDS = Map.of("empty-post", "body", "post-too-long", "body",
            "invalid-title", "title", "invalid-search", "q", "invalid-reason", "reason", "invalid-category-id",
            "categoryId", "category-exists", "categoryId", "invalid-suspension-end", "days");

    private final Queries queries;
    private final ForumWrites writes;

    ForumPages(Queries queries, ForumWrites writes) {
        this.queries = queries;
        this.writes = writes;
    }

    @GetMapping("/forum")
    String home(Model model) {
        return home(model, FormErrors.NONE);
    }

    private String home(Model model, FormErrors errors) {
        model.addAttribute("categories", queries.many(new FindForumCategories(), ForumCategoryView.class));
        model.addAttribute("errors", errors);
        return "forum/home";
    }

    @GetMapping("/forum/categories/{categoryId}")
    String category(@PathVariable String categoryId, @RequestParam(required = false) String cursor, Model model) {
        return category(categoryId, cursor, model, FormErrors.NONE, "", "");
    }

    private String category(String categoryId, String cursor, Model model, FormErrors errors, String title, String body) {
        model.addAttribute("page", queries.one(new FindForumCategoryPage(categoryId, cursor, PAGE),
                ForumCategoryPage.class).orElseThrow());
        model.addAttribute("errors", errors);
        model.addAttribute("title", title);
        model.addAttribute("body", body);
        return "forum/category";
    }

    @GetMapping("/forum/threads/{threadId}")
    String thread(@PathVariable String threadId, @RequestParam(required = false) String cursor, Model model) {
        return thread(threadId, cursor, model, FormErrors.NONE, "");
    }

    private String thread(String threadId, String cursor, Model model, FormErrors errors, String body) {
        model.addAttribute("thread", queries.one(new FindForumThread(threadId, cursor, PAGE), ForumThreadView.class)
                .orElseThrow());
        model.addAttribute("errors", errors);
        model.addAttribute("body", body);
        return "forum/thread";
    }

    @GetMapping("/forum/search")
    String search(@RequestParam(name = "q", defaultValue = "") String text, @RequestParam(required = false) String cursor,
                  Model model, HttpServletResponse response) {
        model.addAttribute("q", text);
        if (text.isBlank()) {
            model.addAttribute("results", null);
            model.addAttribute("errors", FormErrors.NONE);
            return "forum/search";
        }
        try {
            model.addAttribute("results", queries.one(new SearchForum(text, cursor, PAGE), ForumSearchPage.class)
                    .orElseThrow());
            model.addAttribute("errors", FormErrors.NONE);
        } catch (Rejection refused) {
            response.setStatus(refused.kind().status());
            model.addAttribute("results", null);
            model.addAttribute("errors", FormErrors.of(refused, FIELDS));
        }
        return "forum/search";
    }

    @PostMapping("/forum/admin/categories")
    CompletableFuture<String> createCategory(@RequestParam(defaultValue = "") String categoryId,
                                             @RequestParam(defaultValue = "") String title,
                                             @RequestParam(defaultValue = "") String description, Principal me,
                                             Model model, HttpServletResponse response) {
        return Refusals.attempt(() -> writes.createCategory(me.getName(), categoryId, title, description))
                .handle((id, failure) -> failure == null ? "redirect:/forum/categories/" + id
                        : Refusals.page(response, failure, () -> home(model, FormErrors.of(failure, FIELDS))));
    }

    @PostMapping("/forum/categories/{categoryId}/threads")
    CompletableFuture<String> startThread(@PathVariable String categoryId, @RequestParam(defaultValue = "") String title,
                                          @RequestParam(defaultValue = "") String body, Principal me, Model model,
                                          HttpServletResponse response) {
        return Refusals.attempt(() -> writes.startThread(me.getName(), categoryId, title, body))
                .handle((started, failure) -> failure == null ? "redirect:/forum/threads/" + started.threadId()
                        : Refusals.page(response, failure,
                                () -> category(categoryId, null, model, FormErrors.of(failure, FIELDS), title, body)));
    }

    @PostMapping("/forum/threads/{threadId}/posts")
    CompletableFuture<String> reply(@PathVariable String threadId, @RequestParam(defaultValue = "") String body,
                                    Principal me, Model model, HttpServletResponse response) {
        return Refusals.attempt(() -> writes.reply(me.getName(), threadId, body))
                .handle((postId, failure) -> failure == null ? "redirect:/forum/threads/" + threadId + "#post-" + postId
                        : Refusals.page(response, failure,
                                () -> thread(threadId, null, model, FormErrors.of(failure, FIELDS), body)));
    }

    @PostMapping("/forum/posts/{postId}/edit")
    CompletableFuture<String> edit(@PathVariable String postId, @RequestParam(defaultValue = "") String threadId,
                                   @RequestParam(defaultValue = "") String body, Principal me, Model model,
                                   HttpServletResponse response) {
        return onPost(threadId, postId, model, response, () -> writes.edit(me.getName(), postId, body));
    }

    @PostMapping("/forum/posts/{postId}/delete")
    CompletableFuture<String> delete(@PathVariable String postId, @RequestParam(defaultValue = "") String threadId,
                                     Principal me, Model model, HttpServletResponse response) {
        return onPost(threadId, postId, model, response, () -> writes.delete(me.getName(), postId));
    }

    /** Hides a post or shows it again, each with a reason learners see. */
    @PostMapping("/forum/admin/posts/{postId}/{action:hide|unhide}")
    CompletableFuture<String> hide(@PathVariable String postId, @PathVariable String action,
                                   @RequestParam(defaultValue = "") String threadId,
                                   @RequestParam(defaultValue = "") String reason, Principal me, Model model,
                                   HttpServletResponse response) {
        return onPost(threadId, postId, model, response, () -> "hide".equals(action)
                ? writes.hide(me.getName(), postId, reason) : writes.unhide(me.getName(), postId, reason));
    }

    /** Locks a thread or unlocks it, each with a reason shown on it. */
    @PostMapping("/forum/admin/threads/{threadId}/{action:lock|unlock}")
    CompletableFuture<String> lock(@PathVariable String threadId, @PathVariable String action,
                                   @RequestParam(defaultValue = "") String reason, Principal me, Model model,
                                   HttpServletResponse response) {
        return onPost(threadId, null, model, response, () -> "lock".equals(action)
                ? writes.lock(me.getName(), threadId, reason) : writes.unlock(me.getName(), threadId, reason));
    }

    /** Lifts the suspension of a post's author, from the post's moderation form. */
    @PostMapping("/forum/admin/learners/{learnerId}/suspension/lift")
    CompletableFuture<String> liftSuspension(@PathVariable String learnerId,
                                             @RequestParam(defaultValue = "") String threadId,
                                             @RequestParam(defaultValue = "") String reason, Principal me, Model model,
                                             HttpServletResponse response) {
        return onPost(threadId, null, model, response, () -> writes.liftSuspension(me.getName(), learnerId, reason));
    }

    /** Suspends a post's author for a number of days, from the post's moderation form. */
    @PostMapping("/forum/admin/learners/{learnerId}/suspension")
    CompletableFuture<String> suspend(@PathVariable String learnerId, @RequestParam(defaultValue = "") String threadId,
                                      @RequestParam(defaultValue = "0") String days,
                                      @RequestParam(defaultValue = "") String reason, Principal me, Model model,
                                      HttpServletResponse response) {
        return onPost(threadId, null, model, response, () -> {
            long count;
            try {
                count = Long.parseLong(days.strip());
            } catch (NumberFormatException e) {
                count = 0;
            }
            if (count < 1 || count > 3650) {
                throw Rejection.invalid("invalid-suspension-end", "Suspend for 1 to 3650 days.");
            }
            return writes.suspend(me.getName(), learnerId, Instant.now().plus(Duration.ofDays(count)), reason);
        });
    }

    private CompletableFuture<String> onPost(String threadId, String postId, Model model, HttpServletResponse response,
                                             Supplier<CompletableFuture<?>> write) {
        return Refusals.attempt(write::get).handle((done, failure) -> failure == null
                ? "redirect:/forum/threads/" + threadId + (postId == null ? "" : "#post-" + postId)
                : Refusals.page(response, failure, () -> thread(threadId, null, model, FormErrors.of(failure, FIELDS), "")));
    }
}
