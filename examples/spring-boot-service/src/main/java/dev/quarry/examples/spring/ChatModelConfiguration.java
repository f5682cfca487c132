package dev.quarry.examples.spring;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.langchain4j.LangChain4jChatModel;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The application's Quarry {@link ChatModel} when {@code service.chat.base-url} is set (the properties file
 * defaults it to the CLI's {@code QUARRY_OPENAI_BASE_URL}): LangChain4j's OpenAI client, wrapped. The starter's
 * {@code Rag} then generates answers with it, and the shop assistant plays its agent with it. Only the Quarry model
 * is a bean, so nothing else mistakes the LangChain4j client for the application's model.
 */
@Configuration(proxyBeanMethods = false)
class ChatModelConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(ChatModelConfiguration.class);

  /** Sent when no key is set: local servers ignore it, and the client refuses to send none. */
  static final String PLACEHOLDER_API_KEY = "no-key";

  @Bean
  @Conditional(ChatServerConfigured.class)
  ChatModel serviceChatModel(ServiceProperties properties) {
    ServiceProperties.Chat chat = properties.chat();
    URI uri;
    try {
      uri = URI.create(chat.baseUrl().strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("service.chat.base-url is not a URL", e);
    }
    if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("service.chat.base-url must be an http:// or https:// URL such as"
          + " http://localhost:11434/v1");
    }
    if (!StringUtils.hasText(chat.model())) {
      throw new IllegalArgumentException("service.chat.base-url is set but service.chat.model is not: name the"
          + " model the server should run (e.g. llama3.2)");
    }
    OpenAiChatModel client = OpenAiChatModel.builder()
        .baseUrl(uri.toString())
        .apiKey(StringUtils.hasText(chat.apiKey()) ? chat.apiKey() : PLACEHOLDER_API_KEY)
        .modelName(chat.model().strip())
        .timeout(chat.timeout())
        .maxRetries(0)
        .build();
    LOG.info("Chat model: {} at {}://{}{}", chat.model(), uri.getScheme(), uri.getHost(),
        uri.getPort() > 0 ? ":" + uri.getPort() : ""); // never a user or key written into the URL
    return LangChain4jChatModel.of(client);
  }

  /** Whether {@code service.chat.base-url} has text: an empty value (no environment variable) means no model. */
  static final class ChatServerConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return StringUtils.hasText(context.getEnvironment().getProperty("service.chat.base-url"));
    }
  }
}
