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
import dev.quarry.testkit.HashingEmbeddingModel;
import dev.quarry.testkit.ScriptedChatModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HydeRetrieverTest {
  private static final String QUESTION = "What is the capital of France?";
  private static final String PASSAGE = "Paris is the capital and largest city of France.";

  /** Raw word counts, not of unit length, so that the tests see HyDE scale them. */
  private final HashingEmbeddingModel embeddings = new HashingEmbeddingModel(3).withRawCounts();
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
    assertThat(length(embeddings.vector(PASSAGE))).as("the double's passage vector").isGreaterThan(1.5);
    assertThat(request.vector()).containsExactly(unit(embeddings.vector(PASSAGE)), within(1e-6f));
    assertThat(request.maxResults()).isEqualTo(4);
    assertThat(request.filter()).isEqualTo(Optional.of(geography));
    assertThat(hits).isEqualTo(ranked("paris"));
  }

  @Test
  void mixesInTheQuestionByItsWeightBothAtUnitLength() {
    ScriptedChatModel chat = ScriptedChatModel.builder().reply(PASSAGE).build();

    HydeRetriever.builder(chat, embeddings, store).questionWeight(0.25).build().retrieve(Query.of(QUESTION));

    // 0.75 × unit(passage) + 0.25 × unit(question), scaled to unit length
    float[] passage = unit(embeddings.vector(PASSAGE));
    float[] question = unit(embeddings.vector(QUESTION));
    float[] mixed = new float[3];
    for (int i = 0; i < 3; i++) {
      mixed[i] = 0.75f * passage[i] + 0.25f * question[i];
    }
    assertThat(store.requests().get(0).vector()).containsExactly(unit(mixed), within(1e-6f));
    assertThat(embeddings.queries()).containsExactly(QUESTION);
  }

  @Test
  void searchesWithTheQuestionWhenTheModelWritesNoPassage() {
    ScriptedChatModel chat =
        ScriptedChatModel.builder().replyWithToolCalls(List.of(new ToolCall("c1", "lookup", "{}"))).build();

    HydeRetriever.builder(chat, embeddings, store).build().retrieve(Query.of(QUESTION));

    assertThat(embeddings.documents()).isEmpty();
    assertThat(store.requests().get(0).vector()).containsExactly(embeddings.vector(QUESTION));
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

  private static double length(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  private static float[] unit(float[] v) {
    double length = length(v);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / length);
    }
    return out;
  }
}
