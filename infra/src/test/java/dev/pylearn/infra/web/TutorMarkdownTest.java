package dev.pylearn.infra.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pylearn.command.tutor.TutorReply;
import dev.pylearn.command.tutor.TutorService;
import dev.pylearn.infra.support.BrowserTest;
import dev.pylearn.infra.tutor.FakeTutors;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The tutor's answer is Markdown that a model wrote and a question can steer, so it is shown as the forum
 * shows posts: rendered, then sanitized. A hostile answer (script, event handlers, a javascript: link, raw
 * HTML) reaches the conversation page and the API with its formatting and code highlighting but nothing
 * that runs.
 */
class TutorMarkdownTest extends BrowserTest {

    static final String HOSTILE = """
            **Use a loop.** See [the docs](https://docs.python.org/3/) or [this](javascript:window.pwned=1).

            <script>window.pwned = 2</script>
            <img src="x" onerror="window.pwned = 3">
            <a href="#" onclick="window.pwned = 4">click me</a>
            [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)

            ```python
            for i in range(3):
                print(i)
            ```
            """;

    @Autowired
    ApplicationContext context;

    @Test
    void aHostileAnswerIsFormattedAndHighlightedButNothingInItRuns() {
        Learner learner = register();
        TutorService service = FakeTutors.service(context,
                FakeTutors.model(prompt -> new TutorReply(HOSTILE, "fake", "hostile", 10, 10)), Duration.ofSeconds(10));
        CompletableFuture<String> answered = new CompletableFuture<>();
        TutorService.Asked asked = service.ask(learner.learnerId(), null, "lesson", "hello-world",
                "How do I repeat something?", new TutorService.Listener() {
                    @Override
                    public void token(String text) {
                    }

                    @Override
                    public void answered(TutorReply reply, long latencyMs) {
                        answered.complete(reply.text());
                    }

                    @Override
                    public void failed(String message) {
                        answered.completeExceptionally(new AssertionError(message));
                    }
                });
        assertThat(answered.orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo(HOSTILE);
        String messages = "/api/tutor/conversations/" + asked.conversationId() + "/messages";
        await().atMost(Duration.ofSeconds(20)).until(() -> !api.get(messages, learner.token()).json().get("messages")
                .get(0).get("answerHtml").isNull());

        String html = api.get(messages, learner.token()).json().get("messages").get(0).get("answerHtml").asString();
        assertThat(html).contains("<strong>Use a loop.</strong>").contains("<code class=\"language-python\">")
                .contains("href=\"https://docs.python.org/3/\"")
                // raw HTML stays text, shown escaped: no element of it, no event handler on any tag
                .contains("&lt;script&gt;").doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
                .doesNotContainPattern("(?i)<[^>]*\\son[a-z]+\\s*=").doesNotContainIgnoringCase("javascript:")
                .doesNotContainIgnoringCase("href=\"data:");

        logIn(learner.username(), PASSWORD);
        open("/tutor/conversations/" + asked.conversationId());
        WebElement answer = find(".tutor-answer");
        assertThat(answer.getAttribute("class")).contains("prose");
        assertThat(text(".tutor-answer strong")).isEqualTo("Use a loop.");
        waitFor(d -> !findAll(".tutor-answer pre code.language-python [class^='cm-']").isEmpty());
        assertThat(text(".tutor-answer pre code")).isEqualTo("for i in range(3):\n    print(i)");
        assertThat(findAll(".tutor-answer script, .tutor-answer img, .tutor-answer iframe")).isEmpty();
        Object links = browser.executeScript("""
                return Array.from(document.querySelectorAll('.tutor-answer a[href]')).map(a => a.getAttribute('href'))""");
        assertThat(links).isEqualTo(java.util.List.of("https://docs.python.org/3/"));
        Object handlers = browser.executeScript("""
                return Array.from(document.querySelectorAll('.tutor-answer, .tutor-answer *'))
                    .flatMap(e => Array.from(e.attributes).map(a => a.name))
                    .filter(name => name.startsWith('on')).length""");
        assertThat(((Number) handlers).intValue()).isZero();
        assertThat(browser.executeScript("return window.pwned === undefined")).isEqualTo(true);
        assertAccessible();
        screenshot("tutor-hostile-answer");
    }
}
