package dev.pylearn.api.forum;

import java.util.List;

/** One page of a category's threads, most recently active first; {@code nextCursor} null on the last page. */
public record ForumCategoryPage(ForumCategoryView category, List<ForumThreadSummary> threads, String nextCursor) {
}
