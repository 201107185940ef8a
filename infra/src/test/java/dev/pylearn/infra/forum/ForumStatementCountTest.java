package dev.pylearn.infra.forum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The forum's and the chat's pages and reads are one SQL statement each (the chat's conversation page
 * two: its read and the reader's read position), counted as the platform counts them in production.
 */
class ForumStatementCountTest extends ForumTest {

    @Test
    void forumPagesAreOneStatementEach() {
        Learner ann = register();
        Learner bob = register();
        String category = category();
        String thread = startThread(ann, category, "Counting statements", "one");
        reply(bob, thread, "two");
        reply(ann, thread, "three");
        assertThat(statementsOf("/api/forum/categories/" + category, "/api/forum/categories/{categoryId}", null))
                .isEqualTo(1);
        assertThat(statementsOf("/api/forum/threads/" + thread, "/api/forum/threads/{threadId}", null)).isEqualTo(1);
        assertThat(statementsOf("/api/forum/search?q=counting", "/api/forum/search", null)).isEqualTo(1);
        assertThat(statementsOf("/forum/categories/" + category, "/forum/categories/{categoryId}", ann.token()))
                .isEqualTo(1);
        assertThat(statementsOf("/forum/threads/" + thread, "/forum/threads/{threadId}", ann.token())).isEqualTo(1);
    }

    @Test
    void chatReadsAreOneStatementEach() {
        Learner ann = register();
        Learner bob = register();
        String id = api.post("/api/chat/direct/" + bob.learnerId() + "/messages", ann.token(), Map.of("text", "hi"))
                .json().get("conversationId").asString();
        assertThat(statementsOf("/api/chat/conversations", "/api/chat/conversations", bob.token())).isEqualTo(1);
        assertThat(statementsOf("/api/chat/conversations/" + id + "/messages",
                "/api/chat/conversations/{conversationId}/messages", bob.token())).isEqualTo(1);
        assertThat(statementsOf("/chat/" + id, "/chat/{conversationId}", bob.token())).isEqualTo(2);
    }
}
