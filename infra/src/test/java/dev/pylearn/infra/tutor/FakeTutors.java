package dev.pylearn.infra.tutor;

import dev.pylearn.command.tutor.TutorContexts;
import dev.pylearn.command.tutor.TutorModel;
import dev.pylearn.command.tutor.TutorPrompt;
import dev.pylearn.command.tutor.TutorReply;
import dev.pylearn.command.tutor.TutorService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Tutors on models the tests make up, for the tutor's tests and the pages' alike. */
public final class FakeTutors {

    private FakeTutors() {
    }

    /** The platform's tutor service (its beans from {@code context}), answering through {@code model}. */
    public static TutorService service(ApplicationContext context, TutorModel model, Duration timeout) {
        return new TutorService(context.getBean(CommandGateway.class), context.getBean(TutorContexts.class), model,
                context.getBean(JdbcClient.class), context.getBean(Clock.class), context.getBean(MeterRegistry.class),
                timeout, 2);
    }

    /** A model of provider "fake" that answers each prompt with {@code answer}'s reply, all at once. */
    public static TutorModel model(Function<TutorPrompt, TutorReply> answer) {
        return new TutorModel() {
            @Override
            public String provider() {
                return "fake";
            }

            @Override
            public String model() {
                return "fake";
            }

            @Override
            public TutorReply answer(TutorPrompt prompt, Consumer<String> tokens) {
                return answer.apply(prompt);
            }
        };
    }
}
