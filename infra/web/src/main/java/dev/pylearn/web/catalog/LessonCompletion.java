package dev.pylearn.web.catalog;

import dev.pylearn.api.learner.CompleteLesson;
import dev.pylearn.api.learner.LessonCompletionResult;
import dev.pylearn.command.web.ReadYourWrites;
import java.security.Principal;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
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

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    LessonCompletion(CommandGateway commands, ReadYourWrites readYourWrites, Clock clock) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    @PostMapping("/lessons/{lessonId}/completion")
    CompletableFuture<String> complete(@PathVariable String lessonId, Principal me) {
        return commands.<LessonCompletionResult>send(new CompleteLesson(me.getName(), lessonId, clock.instant()))
                .thenCompose(result -> readYourWrites.dashboardShows(me.getName(), result.version())
                        .thenApply(shown -> "redirect:" + UriComponentsBuilder.fromPath("/lessons/{id}")
                                .queryParam("earned", result.xpAwarded())
                                .buildAndExpand(lessonId).encode().toUriString()));
    }
}
