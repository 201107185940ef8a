package dev.pylearn.command.learner;

import dev.pylearn.api.learner.CompleteLesson;
import dev.pylearn.api.learner.LessonCompletionResult;
import dev.pylearn.command.web.ReadYourWrites;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Completing a lesson, for the API and the lesson page alike: the command, then the answer once the
 * learner's dashboard shows it, so whatever the caller reads next is current.
 */
@Component
public class LessonCompletions {

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    LessonCompletions(CommandGateway commands, ReadYourWrites readYourWrites, Clock clock) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    public CompletableFuture<LessonCompletionResult> complete(String learnerId, String lessonId) {
        return commands.<LessonCompletionResult>send(new CompleteLesson(learnerId, lessonId, clock.instant()))
                .thenCompose(result -> readYourWrites.dashboardShows(learnerId, result.version())
                        .thenApply(shown -> result));
    }
}
