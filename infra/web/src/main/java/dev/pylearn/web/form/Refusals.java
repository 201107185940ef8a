package dev.pylearn.web.form;

import dev.pylearn.api.Rejection;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** How a form's write that was refused becomes its page again: the problem's status, Retry-After, the page. */
public final class Refusals {

    private Refusals() {
    }

    /** Sets the refusal's status (and Retry-After) on the response and renders {@code page}. */
    public static String page(HttpServletResponse response, Throwable failure, Supplier<String> page) {
        Rejection rejection = FormErrors.rejection(failure);
        response.setStatus(rejection.kind().status());
        if (rejection.retryAfterSeconds() != null) {
            response.setHeader("Retry-After", String.valueOf(rejection.retryAfterSeconds()));
        }
        return page.get();
    }

    /** A refusal thrown before the command is sent (a bad id) is answered like one from the command. */
    public static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> write) {
        try {
            return write.get();
        } catch (Rejection refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
