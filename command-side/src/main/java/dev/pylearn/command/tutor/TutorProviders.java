package dev.pylearn.command.tutor;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the tutor's model from the environment: the chat model Spring AI's OpenAI or Ollama
 * auto-configuration made when {@code spring.ai.model.chat} (PYLEARN_TUTOR_PROVIDER) names one, with
 * its URL, model and key; the {@link OfflineTutor} otherwise (the default: Spring AI then creates no
 * model and contacts nothing).
 */
@Configuration(proxyBeanMethods = false)
class TutorProviders {

    @Bean
    TutorModel tutorModel(ObjectProvider<ChatModel> chatModels, @Value("${spring.ai.model.chat:none}") String provider,
                          @Value("${PYLEARN_TUTOR_MODEL:}") String modelOverride,
                          @Value("${spring.ai.openai.chat.model:}") String openAiModel,
                          @Value("${spring.ai.ollama.chat.model:}") String ollamaModel) {
        ChatModel chat = "none".equals(provider) || provider.isBlank() ? null : chatModels.getIfUnique();
        if (chat == null) {
            return new OfflineTutor();
        }
        String model = !modelOverride.isBlank() ? modelOverride : "ollama".equals(provider) ? ollamaModel : openAiModel;
        return new ChatModelTutor(chat, provider, model);
    }
}
