package dev.quarry.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;

/**
 * Spring AI's own RAG loop, {@code ChatClient} with {@code QuestionAnswerAdvisor}, over {@link QuarryVectorStore}:
 * the advisor retrieves from Quarry's embedded store and the retrieved text reaches the (scripted) model's prompt.
 */
class QuestionAnswerAdvisorTest {
  private static final int DIMENSION = 256;

  private final EmbeddedVectorStore quarry = EmbeddedVectorStore.builder(DIMENSION).build();
  private final VectorStore store = QuarryVectorStore.builder(quarry, new HashingEmbeddingModel(DIMENSION)).build();

  @AfterEach
  void close() {
    quarry.close();
  }

  private void addLibrary() {
    store.add(
        List.of(
            Document.builder().id("purr").text("Cats purr by vibrating the muscles of their larynx.")
                .metadata(Map.of("topic", "cats")).build(),
            Document.builder().id("sun").text("The sun fuses hydrogen into helium in its core.")
                .metadata(Map.of("topic", "space")).build(),
            Document.builder().id("tides").text("Tides follow the pull of the moon.")
                .metadata(Map.of("topic", "space")).build()));
  }

  @Test
  void theRetrievedDocumentReachesThePrompt() {
    addLibrary();
    ScriptedSpringAiChatModel model =
        ScriptedSpringAiChatModel.answering(
            prompt ->
                ScriptedSpringAiChatModel.reply(
                    prompt.getUserMessage().getText().contains("vibrating the muscles of their larynx")
                        ? "They vibrate their larynx."
                        : "I cannot answer from the context.",
                    prompt));
    ChatClient client =
        ChatClient.builder(model)
            .defaultAdvisors(
                QuestionAnswerAdvisor.builder(store)
                    .searchRequest(SearchRequest.builder().topK(1).similarityThreshold(0.1).build())
                    .build())
            .build();

    ChatResponse response = client.prompt().user("Why do cats purr?").call().chatResponse();

    assertThat(response.getResult().getOutput().getText()).isEqualTo("They vibrate their larynx.");
    String sent = model.lastPrompt().getUserMessage().getText();
    assertThat(sent).startsWith("Why do cats purr?").doesNotContain("helium").doesNotContain("moon");
    List<Document> retrieved = response.getMetadata().get(QuestionAnswerAdvisor.RETRIEVED_DOCUMENTS);
    assertThat(retrieved).extracting(Document::getId).containsExactly("purr");
    assertThat(retrieved.getFirst().getScore()).isGreaterThanOrEqualTo(0.1);
  }

  @Test
  void theAdvisorsFilterExpressionIsTranslated() {
    addLibrary();
    ScriptedSpringAiChatModel model = ScriptedSpringAiChatModel.replying("Noted.");
    ChatClient client =
        ChatClient.builder(model)
            .defaultAdvisors(
                QuestionAnswerAdvisor.builder(store).searchRequest(SearchRequest.builder().topK(5).build()).build())
            .build();

    String answer =
        client.prompt()
            .user("What does the moon or the sun do?")
            .advisors(a -> a.param(QuestionAnswerAdvisor.FILTER_EXPRESSION, "topic == 'space' && topic != 'cats'"))
            .call()
            .content();

    assertThat(answer).isEqualTo("Noted.");
    String sent = model.lastPrompt().getUserMessage().getText();
    assertThat(sent).contains("hydrogen into helium").contains("pull of the moon").doesNotContain("larynx");
  }

  @Test
  void aQuarryChatModelBridgedFromSpringAiAnswersOverTheSameStore() {
    addLibrary();
    ScriptedSpringAiChatModel spring =
        ScriptedSpringAiChatModel.answering(
            prompt -> ScriptedSpringAiChatModel.reply(
                prompt.getUserMessage().getText().contains("larynx") ? "Larynx." : "Unknown.", prompt));
    dev.quarry.api.chat.ChatModel quarryModel = SpringAiChatModel.of(spring);

    List<Document> context = store.similaritySearch(SearchRequest.builder().query("cats purr").topK(1).build());
    String question = "Why do cats purr?\nContext: " + context.getFirst().getText();
    dev.quarry.api.chat.ChatResponse reply =
        quarryModel.chat(dev.quarry.api.chat.ChatRequest.of(new dev.quarry.api.chat.UserMessage(question)));

    assertThat(reply.message().text()).isEqualTo("Larynx.");
    assertThat(reply.usage().inputTokens()).isPositive();
  }
}
