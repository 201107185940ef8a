package dev.pylearn.api.chat;

/**
 * Whether the learner is a member of the conversation in the chat's read model: 1 when they are, 0
 * when not. Its updates tell a learner's join that the room's history and stream are theirs now.
 */
public record FindChatMembership(String conversationId, String learnerId) {

    /** The key it travels under between nodes: both ids, which hold no space. */
    public String key() {
        return conversationId + " " + learnerId;
    }

    public static FindChatMembership ofKey(String key) {
        int space = key.indexOf(' ');
        return new FindChatMembership(key.substring(0, space), key.substring(space + 1));
    }
}
