package dev.pylearn.command.tutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A Spring AI chat model (OpenAI-compatible or Ollama) as a tutor: the system instructions and the
 * course material as system messages, the conversation so far as alternating turns, then the
 * question; the answer is streamed. Token counts are the provider's own (the last chunk's usage).
 */
public class ChatModelTutor implements TutorModel {

    private final ChatModel chat;
    private final String provider;
    private final String model;

    public ChatModelTutor(ChatModel chat, String provider, String model) {
        this.chat = chat;
        this.provider = provider;
        this.model = model;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public TutorReply answer(TutorPrompt prompt, Consumer<String> tokens) {
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage(prompt.system()));
        String material = prompt.material();
        if (!material.isBlank()) {
            messages.add(new SystemMessage("Course material for this question:\n\n" + material));
        }
        for (TutorPrompt.Turn turn : prompt.history()) {
            messages.add(new UserMessage(turn.question()));
            messages.add(new AssistantMessage(turn.answer()));
        }
        messages.add(new UserMessage(prompt.question()));
        StringBuilder text = new StringBuilder();
        AtomicReference<Usage> usage = new AtomicReference<>();
        chat.stream(new Prompt(messages)).doOnNext(response -> {
            String piece = piece(response);
            if (piece != null && !piece.isEmpty()) {
                text.append(piece);
                tokens.accept(piece);
            }
            if (response.getMetadata() != null && response.getMetadata().getUsage() != null
                    && response.getMetadata().getUsage().getTotalTokens() != null
                    && response.getMetadata().getUsage().getTotalTokens() > 0) {
                usage.set(response.getMetadata().getUsage());
            }
        }).blockLast();
        if (text.isEmpty()) {
            throw new IllegalStateException("The " + provider + " model returned an empty answer");
        }
        Usage used = usage.get();
        return new TutorReply(text.toString(), provider, model,
                used == null || used.getPromptTokens() == null ? 0 : used.getPromptTokens(),
                used == null || used.getCompletionTokens() == null ? 0 : used.getCompletionTokens());
    }

    private static String piece(ChatResponse response) {
        if (response.getResult() == null || response.getResult().getOutput() == null) {
            return null;
        }
        return response.getResult().getOutput().getText();
    }
}
