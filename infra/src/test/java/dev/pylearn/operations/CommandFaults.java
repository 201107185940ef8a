package dev.pylearn.operations;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandBus;
import org.springframework.stereotype.Component;

/**
 * Test-only: makes the handling of chosen commands fail, as a bug or an outage in their handler
 * would, so that tests can watch what the event handler that sent them does with the failure.
 * Registered on the real command bus; armed only by the test that needs it.
 */
@Component
class CommandFaults {

    private final Map<Class<?>, Predicate<Object>> armed = new ConcurrentHashMap<>();

    CommandFaults(CommandBus commands) {
        commands.registerHandlerInterceptor((unitOfWork, chain) -> {
            var command = unitOfWork.getMessage();
            Predicate<Object> fault = armed.get(command.getPayloadType());
            if (fault != null && fault.test(command.getPayload())) {
                throw new IllegalStateException("fault injected into " + command.getPayloadType().getSimpleName());
            }
            return chain.proceed();
        });
    }

    /** From now on, every {@code type} command that matches fails in its handler. */
    @SuppressWarnings("unchecked")
    <T> void fail(Class<T> type, Predicate<? super T> when) {
        armed.put(type, command -> ((Predicate<Object>) (Predicate<?>) when).test(command));
    }

    void heal(Class<?> type) {
        armed.remove(type);
    }
}
