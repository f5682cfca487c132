package dev.quarry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.quarry.api.chat.ChatModel;
import dev.quarry.api.document.Document;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.langchain4j.LangChain4jChatModel;
import dev.quarry.rag.ingest.Ingestor;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerKind;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.springai.SpringAiChatModel;
import dev.quarry.testkit.CannedChatCompletionsServer;
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.ScriptedChatModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Which chat model answers: a Quarry bean, else a LangChain4j bean, else a Spring AI bean, each through its bridge,
 * else none (extractive). The
 * LangChain4j model is a real {@link OpenAiChatModel} talking HTTP to {@link CannedChatCompletionsServer}, a test
 * double of an OpenAI-compatible server.
 */
class QuarryChatModelAutoConfigurationTest {
  private static final List<Document> DOCUMENTS = List.of(
      Document.of("bread", "Sourdough bread rises with a starter of wild yeast and lactic acid bacteria."));

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(QuarryChatModelAutoConfiguration.class, QuarryAutoConfiguration.class))
      .withBean(EmbeddingModel.class, () -> new HashingEmbeddingModel(64));

  private static OpenAiChatModel openAi(CannedChatCompletionsServer server) {
    return OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey("test-key").modelName("test-double").build();
  }

  @Test
  void aLangChain4jChatModelBeanWritesTheAnswersOverHttp() throws Exception {
    try (CannedChatCompletionsServer server =
        CannedChatCompletionsServer.answering("Wild yeast and lactic acid bacteria [1].", 210, 11)) {
      runner.withBean(dev.langchain4j.model.chat.ChatModel.class, () -> openAi(server)).run(context -> {
        assertThat(context).hasSingleBean(LangChain4jChatModel.class);
        context.getBean(Ingestor.class).ingest(DOCUMENTS);
        Answer answer = context.getBean(Rag.class).ask("What makes sourdough rise?");

        assertThat(answer.kind()).isEqualTo(AnswerKind.GENERATED);
        assertThat(answer.text()).isEqualTo("Wild yeast and lactic acid bacteria [1].");
        assertThat(answer.citations()).singleElement().satisfies(c -> assertThat(c.documentId()).isEqualTo("bread"));
        assertThat(answer.usage().inputTokens()).isEqualTo(210);
        assertThat(server.received()).singleElement().satisfies(request -> {
          assertThat(request.path()).isEqualTo("/v1/chat/completions");
          assertThat(request.authorization()).isEqualTo("Bearer test-key");
          assertThat(request.body()).contains("wild yeast", "What makes sourdough rise?");
        });
      });
    }
  }

  @Test
  void aQuarryChatModelBeanWinsOverALangChain4jOne() throws Exception {
    ChatModel mine = ScriptedChatModel.builder().reply("Mine [1].").build();
    try (CannedChatCompletionsServer server = CannedChatCompletionsServer.answering("Theirs.", 1, 1)) {
      runner.withBean("mine", ChatModel.class, () -> mine)
          .withBean("theirs", dev.langchain4j.model.chat.ChatModel.class, () -> openAi(server)).run(context -> {
            assertThat(context).doesNotHaveBean(LangChain4jChatModel.class);
            context.getBean(Ingestor.class).ingest(DOCUMENTS);
            assertThat(context.getBean(Rag.class).ask("Why does it rise?").text()).isEqualTo("Mine [1].");
            assertThat(server.received()).isEmpty();
          });
    }
  }

  @Test
  void withoutTheBridgeOnTheClassPathALangChain4jModelIsNotUsed() throws Exception {
    try (CannedChatCompletionsServer server = CannedChatCompletionsServer.answering("Theirs.", 1, 1)) {
      runner.withClassLoader(new FilteredClassLoader(LangChain4jChatModel.class))
          .withBean(dev.langchain4j.model.chat.ChatModel.class, () -> openAi(server)).run(context -> {
            assertThat(context).doesNotHaveBean(ChatModel.class);
            context.getBean(Ingestor.class).ingest(DOCUMENTS);
            assertThat(context.getBean(Rag.class).ask("What makes sourdough rise?").kind())
                .isNotEqualTo(AnswerKind.GENERATED);
            assertThat(server.received()).isEmpty();
          });
    }
  }

  @Test
  void severalQuarryChatModelsNeedAPrimary() {
    runner.withBean("one", ChatModel.class, () -> ScriptedChatModel.builder().reply("One [1].").build())
        .withBean("two", ChatModel.class, () -> ScriptedChatModel.builder().reply("Two [1].").build())
        .run(context -> assertThat(context).hasFailed().getFailure().hasStackTraceContaining(
            "several Quarry ChatModel beans and none is @Primary"));
    runner.withBean("one", ChatModel.class, () -> ScriptedChatModel.builder().reply("One [1].").build())
        .withBean("two", ChatModel.class, () -> ScriptedChatModel.builder().reply("Two [1].").build(),
            definition -> definition.setPrimary(true))
        .run(context -> {
          context.getBean(Ingestor.class).ingest(DOCUMENTS);
          assertThat(context.getBean(Rag.class).ask("Why does it rise?").text()).isEqualTo("Two [1].");
        });
  }

  @Test
  void aSpringAiChatModelBeanWritesTheAnswersWhenThereIsNoOther() {
    CannedSpringAiChatModel springAi = new CannedSpringAiChatModel("Wild yeast [1].");
    runner.withBean(org.springframework.ai.chat.model.ChatModel.class, () -> springAi).run(context -> {
      assertThat(context).hasSingleBean(SpringAiChatModel.class);
      context.getBean(Ingestor.class).ingest(DOCUMENTS);
      Answer answer = context.getBean(Rag.class).ask("What makes sourdough rise?");
      assertThat(answer.kind()).isEqualTo(AnswerKind.GENERATED);
      assertThat(answer.text()).isEqualTo("Wild yeast [1].");
      assertThat(answer.usage().inputTokens()).isEqualTo(90);
      assertThat(springAi.prompts()).singleElement().satisfies(prompt ->
          assertThat(prompt.getContents()).contains("wild yeast", "What makes sourdough rise?"));
    });
  }

  @Test
  void aLangChain4jModelComesBeforeASpringAiOne() throws Exception {
    CannedSpringAiChatModel springAi = new CannedSpringAiChatModel("Spring AI.");
    try (CannedChatCompletionsServer server = CannedChatCompletionsServer.answering("LangChain4j [1].", 5, 2)) {
      runner.withBean("springAi", org.springframework.ai.chat.model.ChatModel.class, () -> springAi)
          .withBean("langChain4j", dev.langchain4j.model.chat.ChatModel.class, () -> openAi(server)).run(context -> {
            assertThat(context).hasSingleBean(LangChain4jChatModel.class).doesNotHaveBean(SpringAiChatModel.class);
            context.getBean(Ingestor.class).ingest(DOCUMENTS);
            assertThat(context.getBean(Rag.class).ask("Why does it rise?").text()).isEqualTo("LangChain4j [1].");
            assertThat(springAi.prompts()).isEmpty();
          });
    }
  }

  @Test
  void twoLangChain4jModelsAreAmbiguousSoNeitherIsChosen() throws Exception {
    try (CannedChatCompletionsServer server = CannedChatCompletionsServer.answering("Theirs.", 1, 1)) {
      runner.withBean("one", dev.langchain4j.model.chat.ChatModel.class, () -> openAi(server))
          .withBean("two", dev.langchain4j.model.chat.ChatModel.class, () -> openAi(server)).run(context -> {
            assertThat(context).doesNotHaveBean(ChatModel.class);
            assertThat(context.getBean(Rag.class)).isNotNull();
          });
    }
  }
}
