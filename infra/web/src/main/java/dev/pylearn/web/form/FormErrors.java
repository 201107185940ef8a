package dev.pylearn.web.form;

import dev.pylearn.api.Rejection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * What went wrong with a submitted form, for the page that shows it again: messages by field (shown
 * next to the field and in the summary at the top, which links to it) and a message for the form as
 * a whole. The messages are the API's own problem details, so a page and an API client read the same
 * words.
 */
public record FormErrors(Map<String, String> fields, String form) {

    public static final FormErrors NONE = new FormErrors(Map.of(), null);

    public boolean any() {
        return !fields.isEmpty() || form != null;
    }

    public String of(String field) {
        return fields.get(field);
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /**
     * The errors of a refused request: the field that the rejection's type names (through
     * {@code fieldsByType}, e.g. {@code username-taken} to {@code username}), else the whole form.
     * Anything that is not a {@link Rejection} is the platform's fault and is thrown on.
     */
    public static FormErrors of(Throwable failure, Map<String, String> fieldsByType) {
        Rejection rejection = rejection(failure);
        String field = fieldsByType.get(rejection.type());
        if (field == null) {
            return new FormErrors(Map.of(), rejection.getMessage());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(field, rejection.getMessage());
        return new FormErrors(fields, null);
    }

    public static Rejection rejection(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof Rejection rejection) {
            return rejection;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException(cause);
    }
}
