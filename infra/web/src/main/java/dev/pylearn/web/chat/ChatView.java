package dev.pylearn.web.chat;

/** Helpers the chat templates call. */
public final class ChatView {

    private ChatView() {
    }

    /** The other learner of a direct conversation (its id names both); null for a room. */
    public static String otherOf(String conversationId, String learnerId) {
        if (!conversationId.startsWith("dm-")) {
            return null;
        }
        String[] pair = conversationId.substring(3).split("_");
        return pair.length != 2 ? null : pair[0].equals(learnerId) ? pair[1] : pair[0];
    }
}
