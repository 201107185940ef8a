package dev.pylearn.query.chat;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.chat.ChatHistoryPage;
import dev.pylearn.api.chat.ChatMessageView;
import dev.pylearn.api.chat.ConversationSummary;
import dev.pylearn.api.chat.FindChatHistory;
import dev.pylearn.api.chat.FindChatMessagesAfter;
import dev.pylearn.api.chat.FindMyConversations;
import dev.pylearn.query.web.Queries;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/** The chat's read API: the learner's conversations with unread counts, history pages, the live stream. */
@RestController
class ChatReadController {

    private static final int CATCH_UP = 1000;

    private final Queries queries;
    private final ChatStreams streams;

    ChatReadController(Queries queries, ChatStreams streams) {
        this.queries = queries;
        this.streams = streams;
    }

    @GetMapping("/api/chat/conversations")
    List<ConversationSummary> conversations(Principal me) {
        return queries.many(new FindMyConversations(me.getName()), ConversationSummary.class);
    }

    @GetMapping("/api/chat/conversations/{conversationId}/messages")
    ChatHistoryPage history(@PathVariable String conversationId, @RequestParam(required = false) String cursor,
                            @RequestParam(defaultValue = "50") int limit, Principal me) {
        return queries.one(new FindChatHistory(conversationId, me.getName(), cursor, limit), ChatHistoryPage.class)
                .orElseThrow();
    }

    /**
     * Server-sent events: every message after {@code Last-Event-ID} (sent by a reconnecting browser) or
     * {@code after} (the last message the page already shows), in order, then each new one as it comes.
     */
    @GetMapping(path = "/api/chat/conversations/{conversationId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseBodyEmitter stream(@PathVariable String conversationId,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      @RequestParam(name = "after", required = false) String after, Principal me) throws IOException {
        long lastSeen = seq(lastEventId != null ? lastEventId : after);
        // membership first (a 404 problem, not a stream): the history's first page is the cheapest check
        queries.one(new FindChatHistory(conversationId, me.getName(), null, 1), ChatHistoryPage.class).orElseThrow();
        ChatStreams.Stream stream = streams.open(conversationId, me.getName(), lastSeen);
        try {
            List<ChatMessageView> missed;
            do {
                missed = queries.many(new FindChatMessagesAfter(conversationId, me.getName(), stream.lastSent(), CATCH_UP),
                        ChatMessageView.class);
                stream.catchUp(missed);
            } while (missed.size() == CATCH_UP);
            stream.caughtUp();
            // a first line at once: clients (and proxies) see the stream is open before any message comes
            stream.comment("connected");
        } catch (IOException | RuntimeException e) {
            stream.emitter.completeWithError(e);
        }
        return stream.emitter;
    }

    private static long seq(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long seq = Long.parseLong(value.strip());
            if (seq < 0) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw Rejection.invalid("malformed-cursor", "'Last-Event-ID' / 'after' is the number of the last message "
                    + "seen, 0 or more.");
        }
    }
}
