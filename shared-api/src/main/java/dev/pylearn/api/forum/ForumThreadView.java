package dev.pylearn.api.forum;

import java.util.List;

/**
 * One page of a thread: the thread's own fields and up to a page of its posts in order. {@code nextCursor}
 * is null on the last page. {@code unlockReason} is the admin's reason when a lock was lifted. A lesson's or challenge's discussion that has no post yet is {@code exists = false}.
 */
public record ForumThreadView(String threadId, boolean exists, String categoryId, String subjectKind, String subjectId,
                              String title, boolean locked, String lockReason, String unlockReason, int postCount,
                              List<ForumPostView> posts, String nextCursor) {
}
