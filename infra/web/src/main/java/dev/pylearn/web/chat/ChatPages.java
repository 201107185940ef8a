package dev.pylearn.web.chat;

import dev.pylearn.api.catalog.FindTracks;
import dev.pylearn.api.catalog.TrackSummaryView;
import dev.pylearn.api.chat.ChatHistoryPage;
import dev.pylearn.api.chat.ConversationSummary;
import dev.pylearn.api.chat.FindChatHistory;
import dev.pylearn.api.chat.FindMyConversations;
import dev.pylearn.command.account.Accounts;
import dev.pylearn.command.chat.ChatRules;
import dev.pylearn.command.chat.ChatWrites;
import dev.pylearn.query.web.Queries;
import dev.pylearn.web.form.FormErrors;
import dev.pylearn.web.form.Refusals;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The chat's pages: the learner's conversations with unread counts, and one conversation with its
 * latest messages and a form to write. The form posts like any other (works without JavaScript); the
 * page's script sends through the API instead and shows new messages live from the conversation's
 * event stream, dropping any it already shows by number.
 */
@Controller
class ChatPages {

    private static final Map<String, String> FIELDS = Map.of("empty-message", "text", "message-too-long", "text",
            "invalid-characters", "text", "unknown-learner", "username");

    private final Queries queries;
    private final ChatWrites writes;
    private final Accounts accounts;

    ChatPages(Queries queries, ChatWrites writes, Accounts accounts) {
        this.queries = queries;
        this.writes = writes;
        this.accounts = accounts;
    }

    @GetMapping("/chat")
    String home(Principal me, Model model) {
        return home(me, model, FormErrors.NONE, "");
    }

    private String home(Principal me, Model model, FormErrors errors, String username) {
        model.addAttribute("conversations", queries.many(new FindMyConversations(me.getName()), ConversationSummary.class));
        model.addAttribute("tracks", queries.many(new FindTracks(), TrackSummaryView.class));
        model.addAttribute("errors", errors);
        model.addAttribute("username", username);
        return "chat/home";
    }

    @PostMapping("/chat/rooms")
    CompletableFuture<String> join(@RequestParam(defaultValue = "") String trackId, Principal me, Model model,
                                   HttpServletResponse response) {
        return Refusals.attempt(() -> writes.join(me.getName(), trackId)).handle((room, failure) -> failure == null
                ? "redirect:/chat/" + room
                : Refusals.page(response, failure, () -> home(me, model, FormErrors.of(failure, FIELDS), "")));
    }

    /** A direct conversation with a learner named by username: the page it would be on. */
    @PostMapping("/chat/direct")
    String direct(@RequestParam(defaultValue = "") String username, Principal me, Model model,
                  HttpServletResponse response) {
        var account = username.isBlank() ? java.util.Optional.<Accounts.Account>empty()
                : accounts.findByUsername(username.strip());
        if (account.isEmpty() || account.get().learnerId().equals(me.getName())) {
            response.setStatus(404);
            return home(me, model, new FormErrors(Map.of("username", "There is no other learner '" + username.strip()
                    + "'."), null), username);
        }
        return "redirect:/chat/" + ChatRules.directId(me.getName(), account.get().learnerId());
    }

    @GetMapping("/chat/{conversationId}")
    String conversation(@PathVariable String conversationId, Principal me, Model model) {
        return conversation(conversationId, me, model, FormErrors.NONE, "");
    }

    private String conversation(String conversationId, Principal me, Model model, FormErrors errors, String text) {
        ChatHistoryPage page = queries.one(new FindChatHistory(conversationId, me.getName(), null, 50),
                ChatHistoryPage.class).orElseThrow();
        model.addAttribute("page", page);
        model.addAttribute("errors", errors);
        model.addAttribute("text", text);
        if (!page.messages().isEmpty()) {
            writes.markRead(me.getName(), conversationId, page.messages().get(page.messages().size() - 1).seq());
        }
        return "chat/conversation";
    }

    @PostMapping("/chat/{conversationId}/messages")
    CompletableFuture<String> send(@PathVariable String conversationId, @RequestParam(defaultValue = "") String text,
                                   Principal me, Model model, HttpServletResponse response) {
        return Refusals.attempt(() -> writes.send(me.getName(), conversationId, text)).handle((sent, failure) -> failure == null
                ? "redirect:/chat/" + conversationId
                : Refusals.page(response, failure, () -> conversation(conversationId, me, model,
                        FormErrors.of(failure, FIELDS), text)));
    }

    @PostMapping("/chat/{conversationId}/block")
    CompletableFuture<String> block(@PathVariable String conversationId, @RequestParam(defaultValue = "") String learnerId,
                                    @RequestParam(defaultValue = "block") String action, Principal me, Model model,
                                    HttpServletResponse response) {
        return Refusals.attempt(() -> "unblock".equals(action) ? writes.unblock(me.getName(), learnerId)
                : writes.block(me.getName(), learnerId)).handle((done, failure) -> failure == null
                ? "redirect:/chat/" + conversationId
                : Refusals.page(response, failure, () -> conversation(conversationId, me, model,
                        FormErrors.of(failure, FIELDS), "")));
    }

    /** Hides a message or shows it again (ADMIN only, see the security configuration). */
    @PostMapping("/chat/{conversationId}/messages/{seq}/{action:hide|unhide}")
    CompletableFuture<String> hide(@PathVariable String conversationId, @PathVariable long seq,
                                   @PathVariable String action, @RequestParam(defaultValue = "") String reason,
                                   Principal me, Model model, HttpServletResponse response) {
        return Refusals.attempt(() -> "hide".equals(action) ? writes.hide(me.getName(), conversationId, seq, reason)
                        : writes.unhide(me.getName(), conversationId, seq, reason)).handle((done, failure) ->
                failure == null ? "redirect:/chat/" + conversationId
                        : Refusals.page(response, failure, () -> conversation(conversationId, me, model,
                        FormErrors.of(failure, FIELDS), "")));
    }
}
