package dev.quarry.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.SpringVersion;

/**
 * Spring AI 2.0.1 is built against Spring Boot 4.1 (Framework 7.0); Quarry uses Boot 4.2 (Framework 7.1). This
 * test pins the versions the whole suite ran on and runs the bridges as beans of a Spring Boot application: the
 * Quarry store as Spring AI's {@code VectorStore}, a {@code ChatClient} with {@code QuestionAnswerAdvisor} over
 * it, and the Spring AI chat model (a scripted test double) as a Quarry {@code ChatModel}.
 */
class SpringBootRuntimeTest {
  private static final int DIMENSION = 128;

  @Test
  void runsOnSpringBoot42AndFramework71() {
    assertThat(SpringBootVersion.getVersion()).isEqualTo("4.2.0");
    assertThat(SpringVersion.getVersion()).startsWith("7.1.");
    assertThat(VectorStore.class.getPackage().getImplementationVersion()).isEqualTo("2.0.1");
    assertThat(ChatClient.class.getPackage().getImplementationVersion()).isEqualTo("2.0.1");
  }

  @Test
  void theBridgesWorkAsBeansOfABootApplication() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(Application.class)
            .web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .properties("logging.level.root=warn")
            .run()) {
      VectorStore store = context.getBean(VectorStore.class);
      store.add(
          List.of(
              Document.builder().id("boot").text("Spring Boot starts the application context.")
                  .metadata(Map.of("kind", "framework")).build(),
              Document.builder().id("quarry").text("Quarry embeds and indexes text offline.")
                  .metadata(Map.of("kind", "library")).build()));

      String answer = context.getBean(ChatClient.class).prompt().user("What does Quarry do offline?").call().content();
      dev.quarry.api.chat.ChatResponse direct =
          context.getBean(dev.quarry.api.chat.ChatModel.class)
              .chat(dev.quarry.api.chat.ChatRequest.of(new dev.quarry.api.chat.UserMessage("hello")));

      assertThat(answer).isEqualTo("ok");
      ScriptedSpringAiChatModel model = context.getBean(ScriptedSpringAiChatModel.class);
      assertThat(model.prompts().getFirst().getUserMessage().getText()).contains("Quarry embeds and indexes text");
      assertThat(direct.message().text()).isEqualTo("ok");
      assertThat(context.getBean(EmbeddedVectorStore.class).count()).isEqualTo(2);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Application {
    @Bean(destroyMethod = "close")
    EmbeddedVectorStore quarryStore() {
      return EmbeddedVectorStore.builder(DIMENSION).build();
    }

    @Bean
    VectorStore vectorStore(EmbeddedVectorStore quarryStore) {
      return QuarryVectorStore.builder(quarryStore, new HashingEmbeddingModel(DIMENSION)).build();
    }

    @Bean
    ScriptedSpringAiChatModel springAiChatModel() {
      return ScriptedSpringAiChatModel.replying("ok");
    }

    @Bean
    ChatClient chatClient(ScriptedSpringAiChatModel model, VectorStore vectorStore) {
      return ChatClient.builder(model).defaultAdvisors(QuestionAnswerAdvisor.builder(vectorStore).build()).build();
    }

    @Bean
    dev.quarry.api.chat.ChatModel quarryChatModel(ScriptedSpringAiChatModel model) {
      return SpringAiChatModel.of(model);
    }
  }
}
