package dev.pylearn.query.tutor;

import dev.pylearn.api.tutor.FindTutorAllowance;
import dev.pylearn.api.tutor.FindTutorConversations;
import dev.pylearn.api.tutor.FindTutorMessages;
import dev.pylearn.api.tutor.TutorAllowanceView;
import dev.pylearn.api.tutor.TutorConversationsView;
import dev.pylearn.api.tutor.TutorMessagesView;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's tutor questions left today, conversations and one conversation's history (keyset-paged). */
@RestController
class TutorHistoryController {

    private final Queries queries;

    TutorHistoryController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/tutor/allowance")
    TutorAllowanceView allowance(Principal me) {
        return queries.one(new FindTutorAllowance(me.getName()), TutorAllowanceView.class).orElseThrow();
    }

    @GetMapping("/api/tutor/conversations")
    TutorConversationsView conversations(@RequestParam(required = false) String before,
                                         @RequestParam(defaultValue = "20") int limit, Principal me) {
        TutorCursor cursor = TutorCursor.parse(before);
        return queries.one(new FindTutorConversations(me.getName(), cursor == null ? null : cursor.at(),
                cursor == null ? null : cursor.id(), limit), TutorConversationsView.class).orElseThrow();
    }

    @GetMapping("/api/tutor/conversations/{conversationId}/messages")
    TutorMessagesView messages(@PathVariable String conversationId, @RequestParam(required = false) String before,
                               @RequestParam(defaultValue = "20") int limit, Principal me) {
        TutorCursor cursor = TutorCursor.parse(before);
        return queries.one(new FindTutorMessages(me.getName(), conversationId, cursor == null ? null : cursor.at(),
                cursor == null ? null : cursor.id(), limit), TutorMessagesView.class).orElseThrow();
    }
}
