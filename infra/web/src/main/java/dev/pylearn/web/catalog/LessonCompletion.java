package dev.pylearn.web.catalog;

import dev.pylearn.command.learner.LessonCompletions;
import java.security.Principal;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The lesson page's "complete" form without JavaScript (with it, the page calls
 * {@code POST /api/me/lessons/{id}/completion} and shows the result in place): the same command,
 * then back to the lesson once the learner's pages show it, with what was earned.
 */
@Controller
class LessonCompletion {

    private final LessonCompletions lessons;

    LessonCompletion(LessonCompletions lessons) {
        this.lessons = lessons;
    }

    @PostMapping("/lessons/{lessonId}/completion")
    CompletableFuture<String> complete(@PathVariable String lessonId, Principal me) {
        return lessons.complete(me.getName(), lessonId)
                .thenApply(result -> "redirect:" + UriComponentsBuilder.fromPath("/lessons/{id}")
                        .queryParam("earned", result.xpAwarded()).buildAndExpand(lessonId).encode().toUriString());
    }
}
