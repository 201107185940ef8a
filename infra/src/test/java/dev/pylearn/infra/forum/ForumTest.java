package dev.pylearn.infra.forum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.infra.support.Api;
import dev.pylearn.infra.support.PlatformTest;
import java.util.Map;
import java.util.UUID;

/** Forum helpers over the API for the forum's tests (same application context as every platform test). */
abstract class ForumTest extends PlatformTest {

    /** A new category, made by the admin. */
    protected String category() {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.post("/api/admin/forum/categories", adminToken(),
                Map.of("categoryId", id, "title", "Category " + id, "description", "For tests"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return id;
    }

    protected String startThread(Learner author, String category, String title, String body) {
        Api.Response started = api.post("/api/forum/categories/" + category + "/threads", author.token(),
                Map.of("title", title, "body", body));
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        return started.json().get("threadId").asString();
    }

    protected String reply(Learner author, String thread, String body) {
        Api.Response written = api.post("/api/forum/threads/" + thread + "/posts", author.token(), Map.of("body", body));
        assertThat(written.status()).as(written.text()).isEqualTo(201);
        return written.json().get("postId").asString();
    }
}
