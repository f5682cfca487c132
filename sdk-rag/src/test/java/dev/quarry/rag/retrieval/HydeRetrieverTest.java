package dev.quarry.rag.retrieval;

import static dev.quarry.rag.retrieval.Hits.ranked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.RetriableException;
import dev.quarry.api.chat.ChatRequest;
import dev.quarry.api.chat.ToolCall;
import dev.quarry.api.chat.UserMessage;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.testkit.ScriptedChatModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HydeRetrieverTest {
  private static final String QUESTION = "What is the capital of France?";
  private static final String PASSAGE = "Paris is the capital and largest city of France.";

  private final FakeEmbeddingModel embeddings =
      new FakeEmbeddingModel(
          Map.of(
              PASSAGE, new float[] {3, 0, 0},
              QUESTION, new float[] {0, 2, 0}));
  private final StubVectorStore store = new StubVectorStore(3, ranked("paris"));

  @Test
  void asksTheModelForAShortPassageAnsweringTheQuestion() {
    ScriptedChatModel chat = ScriptedChatModel.builder().reply(PASSAGE).build();

    HydeRetriever.builder(chat, embeddings, store).build().retrieve(Query.of(QUESTION));

    ChatRequest request = chat.lastRequest();
    assertThat(request.messages())
        .containsExactly(new UserMessage(HydeRetriever.DEFAULT_PROMPT.replace("{question}", QUESTION)));
    assertThat(request.maxOutputTokens()).hasValue(HydeRetriever.DEFAULT_MAX_PASSAGE_TOKENS);
  }

  @Test
  void searchesWithThePassageEmbeddedAsADocumentWithTheQueryFilterAndK() {
    ScriptedChatModel chat = ScriptedChatModel.builder().reply("Passage: " + PASSAGE + "\n").build();
    Filter geography = Filter.eq("topic", "geography");

    List<SearchHit> hits =
        HydeRetriever.builder(chat, embeddings, store)
            .build()
            .retrieve(Query.of(QUESTION).withMaxResults(4).withFilter(geography));

    assertThat(embeddings.documents()).containsExactly(PASSAGE);
    assertThat(embeddings.queries()).as("passage only by default").isEmpty();
    SearchRequest request = store.requests().get(0);
    assertThat(request.vector()).containsExactly(1, 0, 0);
    assertThat(request.maxResults()).isEqualTo(4);
    assertThat(request.filter()).isEqualTo(Optional.of(geography));
    assertThat(hits).isEqualTo(ranked("paris"));
  }

  @Test
  void mixesInTheQuestionByItsWeightBothAtUnitLength() {
    ScriptedChatModel chat = ScriptedChatModel.builder().reply(PASSAGE).build();

    HydeRetriever.builder(chat, embeddings, store).questionWeight(0.25).build().retrieve(Query.of(QUESTION));

    // 0.75 × (1, 0, 0) + 0.25 × (0, 1, 0), scaled to unit length
    double length = Math.sqrt(0.75 * 0.75 + 0.25 * 0.25);
    float[] vector = store.requests().get(0).vector();
    assertThat(vector[0]).isCloseTo((float) (0.75 / length), within(1e-6f));
    assertThat(vector[1]).isCloseTo((float) (0.25 / length), within(1e-6f));
    assertThat(vector[2]).isZero();
    assertThat(embeddings.queries()).containsExactly(QUESTION);
  }

  @Test
  void searchesWithTheQuestionWhenTheModelWritesNoPassage() {
    ScriptedChatModel chat =
        ScriptedChatModel.builder().replyWithToolCalls(List.of(new ToolCall("c1", "lookup", "{}"))).build();

    HydeRetriever.builder(chat, embeddings, store).build().retrieve(Query.of(QUESTION));

    assertThat(embeddings.documents()).isEmpty();
    assertThat(store.requests().get(0).vector()).containsExactly(0, 2, 0);
  }

  @Test
  void aModelFailurePropagatesUnchanged() {
    RetriableException timeout = new RetriableException("timed out");
    ScriptedChatModel chat = ScriptedChatModel.builder().fail(timeout).build();

    assertThatThrownBy(() -> HydeRetriever.builder(chat, embeddings, store).build().retrieve(Query.of(QUESTION)))
        .isSameAs(timeout);
    assertThat(store.requests()).isEmpty();
  }

  @Test
  void aCustomPromptAndTokenLimitAreUsed() {
    ScriptedChatModel chat = ScriptedChatModel.builder().reply(PASSAGE).build();

    HydeRetriever.builder(chat, embeddings, store)
        .prompt("Answer in one sentence: {question}")
        .maxPassageTokens(40)
        .build()
        .retrieve(Query.of(QUESTION));

    assertThat(chat.lastRequest().messages()).containsExactly(new UserMessage("Answer in one sentence: " + QUESTION));
    assertThat(chat.lastRequest().maxOutputTokens()).hasValue(40);
  }

  @Test
  void rejectsBadConfiguration() {
    ScriptedChatModel chat = ScriptedChatModel.builder().reply(PASSAGE).build();

    assertThatThrownBy(() -> HydeRetriever.builder(null, embeddings, store))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HydeRetriever.builder(chat, embeddings, new StubVectorStore(4, List.of())))
        .hasMessageContaining("makes 3-d vectors but the store holds 4-d ones");
    assertThatThrownBy(() -> HydeRetriever.builder(chat, embeddings, store).questionWeight(1))
        .hasMessageContaining("[0, 1)")
        .hasMessageContaining("DenseRetriever");
    assertThatThrownBy(() -> HydeRetriever.builder(chat, embeddings, store).questionWeight(Double.NaN))
        .hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> HydeRetriever.builder(chat, embeddings, store).maxPassageTokens(0))
        .hasMessageContaining("maxPassageTokens must be > 0");
    assertThatThrownBy(() -> HydeRetriever.builder(chat, embeddings, store).prompt("Write a passage."))
        .hasMessageContaining("{question}");
  }
}
