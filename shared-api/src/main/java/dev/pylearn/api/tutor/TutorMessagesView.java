package dev.pylearn.api.tutor;

import java.util.List;

/** A page of one conversation; {@code next} is the cursor of the following (older) page, null on the last. */
public record TutorMessagesView(String conversationId, String contextKind, String contextId,
                                List<TutorMessageView> messages, String next) {
}
