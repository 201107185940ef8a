package dev.pylearn.api.tutor;

import java.time.Instant;

/** One conversation: what it is about, its first question as a title, how many questions, when it last moved. */
public record TutorConversationView(String conversationId, String contextKind, String contextId, String title,
                                    int questions, Instant startedAt, Instant lastAt) {
}
