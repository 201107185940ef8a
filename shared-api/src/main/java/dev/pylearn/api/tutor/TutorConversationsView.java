package dev.pylearn.api.tutor;

import java.util.List;

/** A page of conversations; {@code next} is the cursor of the following page, null on the last. */
public record TutorConversationsView(List<TutorConversationView> conversations, String next) {
}
