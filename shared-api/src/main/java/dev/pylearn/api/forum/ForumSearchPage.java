package dev.pylearn.api.forum;

import java.util.List;

/** One page of search results, newest first; {@code nextCursor} null on the last page. */
public record ForumSearchPage(String query, List<ForumSearchHit> hits, String nextCursor) {
}
