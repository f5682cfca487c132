package dev.quarry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.memory.MessageWindowMemory;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.pipeline.Answer;
import dev.quarry.rag.pipeline.AnswerKind;
import dev.quarry.rag.pipeline.Rag;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Exact and semantic answer caching, alone and through {@link Rag}. */
class CaffeineAnswerCacheTest {
  private static final String TEXT = "The light flashes twice every fifteen seconds.";

  /** A test double: a retriever that always finds one passage and counts its calls. */
  private static final class CountingRetriever implements Retriever {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public List<SearchHit> retrieve(Query query) {
      calls.incrementAndGet();
      return List.of(new SearchHit(new Chunk("light#0", "light", TEXT, Metadata.empty(), 0, TEXT.length()), 1));
    }
  }

  private static Answer answer(String question) {
    return Rag.builder(query -> List.of()).build().ask(question);
  }

  @Test
  void anExactCacheFindsTheSameQuestionWrittenAnotherWayOnlyInItsScope() {
    CaffeineAnswerCache cache = CaffeineAnswerCache.builder().build();
    Answer stored = answer("How often does the light flash?");
    cache.store(Query.of("How often does the light flash?"), stored);

    assertThat(cache.find(Query.of("  how OFTEN does the   light flash? "))).containsSame(stored);
    assertThat(cache.find(Query.of("How often does the light blink?"))).isEmpty();
    assertThat(cache.find(Query.of("How often does the light flash?").withMaxResults(3))).isEmpty();
    assertThat(cache.find(Query.of("How often does the light flash?").withFilter(Filter.eq("lang", "en"))))
        .isEmpty();
    cache.clear();
    assertThat(cache.find(Query.of("How often does the light flash?"))).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aSemanticCacheFindsASimilarQuestionAboveItsThreshold() {
    HashingEmbeddingModel model = new HashingEmbeddingModel(256);
    Answer stored = answer("how often does the light flash");
    CaffeineAnswerCache loose = CaffeineAnswerCache.builder().semantic(model, 0.9).build();
    CaffeineAnswerCache strict = CaffeineAnswerCache.builder().semantic(model, 0.95).build();
    for (CaffeineAnswerCache cache : List.of(loose, strict)) {
      cache.store(Query.of("how often does the light flash"), stored);
    }

    Query similar = Query.of("how often does the light flash please"); // cosine 6 / sqrt(42) = 0.926
    assertThat(loose.find(similar)).containsSame(stored);
    assertThat(strict.find(similar)).isEmpty();
    assertThat(loose.find(Query.of("who built the tower"))).isEmpty();
    assertThat(loose.find(similar.withMaxResults(2))).isEmpty(); // another scope
  }

  @Test
  void aMissedQuestionIsEmbeddedOnceForTheLookupAndTheStore() {
    HashingEmbeddingModel model = new HashingEmbeddingModel(64);
    Rag rag = Rag.builder(new CountingRetriever()).answerCache(CaffeineAnswerCache.builder().semantic(model, 0.95)
        .build()).build();

    rag.ask("How often does the light flash?");
    rag.ask("How often does the light flash?");

    assertThat(model.embeddedTexts()).isEqualTo(1); // the miss's lookup; the store reused it; the hit was exact
  }

  @Test
  void ragAnswersAPlainQuestionAskedAgainFromTheCache() {
    CountingRetriever retriever = new CountingRetriever();
    Rag rag = Rag.builder(retriever).answerCache(CaffeineAnswerCache.builder().build()).build();

    Answer first = rag.ask("How often does the light flash?");
    Answer again = rag.ask("how often does the light flash?");

    assertThat(retriever.calls).hasValue(1);
    assertThat(first.metadata()).doesNotContainKey(Rag.CACHE);
    assertThat(again.metadata()).containsEntry(Rag.CACHE, "hit");
    assertThat(again.text()).isEqualTo(first.text());
    assertThat(again.kind()).isEqualTo(AnswerKind.EXTRACTIVE);
  }

  @Test
  void questionsInAConversationAreNotCached() {
    CountingRetriever retriever = new CountingRetriever();
    Rag rag = Rag.builder(retriever).answerCache(CaffeineAnswerCache.builder().build()).build();
    MessageWindowMemory memory = MessageWindowMemory.builder("m", 10).build();

    rag.ask("How often does the light flash?", memory);
    rag.ask("How often does the light flash?", memory);

    assertThat(retriever.calls).hasValue(2);
  }

  @Test
  void badOptionsAreRefusedByName() {
    assertThatThrownBy(() -> CaffeineAnswerCache.builder().maximumEntries(0)).hasMessageContaining("maximumEntries");
    assertThatThrownBy(() -> CaffeineAnswerCache.builder().expireAfterWrite(Duration.ZERO))
        .hasMessageContaining("expireAfterWrite");
    assertThatThrownBy(() -> CaffeineAnswerCache.builder().semantic(null, 0.9)).hasMessageContaining("model");
    assertThatThrownBy(() -> CaffeineAnswerCache.builder().semantic(new HashingEmbeddingModel(4), 1.5))
        .hasMessageContaining("minSimilarity");
    assertThatThrownBy(() -> CaffeineAnswerCache.builder().build().find(null)).hasMessageContaining("query");
    assertThatThrownBy(() -> Rag.builder(query -> List.of()).answerCache(null)).hasMessageContaining("answer cache");
  }
}
