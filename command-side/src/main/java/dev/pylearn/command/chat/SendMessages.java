package dev.pylearn.command.chat;

import dev.pylearn.api.chat.SendMessage;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Messages to one room that arrived together on this node, decided in one transaction by the
 * {@link Conversation} ({@link ChatWrites}'s group commit). Internal to the command side, so it is not
 * in shared-api.
 */
record SendMessages(@TargetAggregateIdentifier String conversationId, List<SendMessage> messages) {

    SendMessages {
        messages = List.copyOf(messages);
        if (messages.stream().anyMatch(m -> !m.conversationId().equals(conversationId))) {
            throw new IllegalArgumentException("a batch is of one conversation");
        }
    }

    static SendMessages of(List<SendMessage> messages) {
        return new SendMessages(messages.get(0).conversationId(), messages);
    }
}
