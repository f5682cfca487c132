package dev.quarry.spring.boot;

import dev.quarry.api.chat.ChatModel;
import dev.quarry.langchain4j.LangChain4jChatModel;
import dev.quarry.springai.SpringAiChatModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The application's chat model as Quarry's {@link ChatModel}, for the RAG pipeline, text-to-SQL and agents: a
 * Quarry {@code ChatModel} bean if there is one; else the one LangChain4j {@code ChatModel} bean, through {@link
 * LangChain4jChatModel}; else the one Spring AI {@code ChatModel} bean, through {@link SpringAiChatModel}. Each
 * bridge applies only when its module ({@code quarry-langchain4j}, {@code quarry-spring-ai}) is on the class path.
 * Runs after the LangChain4j and Spring AI auto-configurations that make chat models, and before {@link
 * QuarryAutoConfiguration}. With none, answers are extractive.
 */
@AutoConfiguration(before = QuarryAutoConfiguration.class, afterName = {
    "dev.langchain4j.openai.spring.AutoConfig", "dev.langchain4j.ollama.spring.AutoConfig",
    "dev.langchain4j.anthropic.spring.AutoConfig",
    "org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration",
    "org.springframework.ai.model.ollama.autoconfigure.OllamaChatAutoConfiguration",
    "org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration"})
public class QuarryChatModelAutoConfiguration {

  /** A LangChain4j chat model bean as Quarry's. */
  @Configuration(proxyBeanMethods = false)
  @Order(1) // nested configurations are read in this order: LangChain4j's bean first
  @ConditionalOnClass({LangChain4jChatModel.class, dev.langchain4j.model.chat.ChatModel.class})
  static class FromLangChain4j {
    @Bean
    @ConditionalOnMissingBean(ChatModel.class)
    @ConditionalOnSingleCandidate(dev.langchain4j.model.chat.ChatModel.class)
    LangChain4jChatModel quarryLangChain4jChatModel(dev.langchain4j.model.chat.ChatModel model) {
      return LangChain4jChatModel.of(model);
    }
  }

  /** A Spring AI chat model bean as Quarry's, when no Quarry (or bridged LangChain4j) one exists. */
  @Configuration(proxyBeanMethods = false)
  @Order(2)
  @ConditionalOnClass({SpringAiChatModel.class, org.springframework.ai.chat.model.ChatModel.class})
  static class FromSpringAi {
    @Bean
    @ConditionalOnMissingBean(ChatModel.class)
    @ConditionalOnSingleCandidate(org.springframework.ai.chat.model.ChatModel.class)
    SpringAiChatModel quarrySpringAiChatModel(org.springframework.ai.chat.model.ChatModel model) {
      return SpringAiChatModel.of(model);
    }
  }
}
