package dev.quarry.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.cache.RecordingEmbeddingModel.Fault;
import dev.quarry.testkit.HashingEmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CachingEmbeddingModelTest {
  private final RecordingEmbeddingModel model = new RecordingEmbeddingModel(16);

  private CachingEmbeddingModel cache() {
    return CachingEmbeddingModel.builder(model, "recording-16").build();
  }

  @Test
  void secondEmbedOfTheSameTextsCallsTheModelWithNothing() {
    try (CachingEmbeddingModel cache = cache()) {
      List<String> texts = List.of("alpha beta", "gamma", "delta epsilon");
      List<float[]> first = cache.embedDocuments(texts);
      List<float[]> second = cache.embedDocuments(texts);

      assertThat(model.batches()).containsExactly(texts);
      assertVectors(second, texts);
      assertVectors(first, texts);
      assertThat(cache.stats()).isEqualTo(new EmbeddingCacheStats(3, 3, 3, 0));
      assertThat(cache.stats().hitRate()).isEqualTo(0.5);
    }
  }

  @Test
  void partialHitsEmbedOnlyTheMissesInOneCallAndKeepTheOrder() {
    try (CachingEmbeddingModel cache = cache()) {
      cache.embedDocuments(List.of("a", "b"));
      List<String> texts = List.of("c", "a", "d", "b", "e");
      List<float[]> vectors = cache.embedDocuments(texts);

      assertThat(model.batches()).containsExactly(List.of("a", "b"), List.of("c", "d", "e"));
      assertVectors(vectors, texts);
    }
  }

  @Test
  void aTextRepeatedInOneBatchIsEmbeddedOnceAndEachPositionGetsItsOwnArray() {
    try (CachingEmbeddingModel cache = cache()) {
      List<String> texts = List.of("same", "other", "same", "same");
      List<float[]> vectors = cache.embedDocuments(texts);

      assertThat(model.batches()).containsExactly(List.of("same", "other"));
      assertVectors(vectors, texts);
      assertThat(vectors.get(0)).isNotSameAs(vectors.get(2)).isNotSameAs(vectors.get(3));
      assertThat(cache.stats().misses()).isEqualTo(2);
      assertThat(cache.stats().hits()).isEqualTo(2);
    }
  }

  @Test
  void documentsAndQueriesAreCachedApart() {
    try (CachingEmbeddingModel cache = cache()) {
      float[] document = cache.embedDocuments(List.of("what is rag")).get(0);
      float[] query = cache.embedQuery("what is rag");
      float[] again = cache.embedQuery("what is rag");

      assertThat(document).containsExactly(model.documentVector("what is rag"));
      assertThat(query).containsExactly(model.queryVector("what is rag"));
      assertThat(again).containsExactly(query);
      assertThat(query).isNotEqualTo(document);
      assertThat(model.documents()).containsExactly("what is rag");
      assertThat(model.queries()).containsExactly("what is rag");
    }
  }

  @Test
  void returnedArraysAreCopiesSoMutatingOneLeavesTheCacheIntact() {
    try (CachingEmbeddingModel cache = cache()) {
      float[] document = cache.embedDocuments(List.of("text")).get(0);
      float[] query = cache.embedQuery("text");
      Arrays.fill(document, 42f);
      Arrays.fill(query, 42f);

      assertThat(cache.embedDocuments(List.of("text")).get(0)).containsExactly(model.documentVector("text"));
      assertThat(cache.embedQuery("text")).containsExactly(model.queryVector("text"));
      assertThat(cache.embedQuery("text")).isNotSameAs(cache.embedQuery("text"));
    }
  }

  @Test
  void anEmptyBatchCallsNothing() {
    try (CachingEmbeddingModel cache = cache()) {
      assertThat(cache.embedDocuments(List.of())).isEmpty();
      assertThat(model.batches()).isEmpty();
    }
  }

  @Test
  void theWrongNumberOfVectorsFromTheModelIsAnIllegalStateNamingTheModel() {
    try (CachingEmbeddingModel cache = cache()) {
      model.fault(Fault.WRONG_COUNT);
      assertThatThrownBy(() -> cache.embedDocuments(List.of("a", "b")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'recording-16'")
          .hasMessageContaining("returned 1 vector(s) for 2 text(s)");
      assertThatThrownBy(() -> cache.embedQuery("q"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'recording-16'")
          .hasMessageContaining("returned null");

      model.fault(Fault.NONE);
      assertThat(cache.embedDocuments(List.of("a", "b")).get(1)).containsExactly(model.documentVector("b"));
      assertThat(model.batches()).hasSize(2); // nothing was cached from the bad call
    }
  }

  @Test
  void aVectorOfTheWrongDimensionFromTheModelIsAnIllegalStateNamingTheModel() {
    try (CachingEmbeddingModel cache = cache()) {
      model.fault(Fault.WRONG_DIMENSION);
      assertThatThrownBy(() -> cache.embedDocuments(List.of("a")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'recording-16'")
          .hasMessageContaining("a 17-d vector at index 0")
          .hasMessageContaining("dimension is 16");
      assertThatThrownBy(() -> cache.embedQuery("q"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a 17-d vector");
      assertThat(cache.stats().entriesInMemory()).isZero();
    }
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsLookedUp() {
    try (CachingEmbeddingModel cache = cache()) {
      assertThatThrownBy(() -> cache.embedDocuments(null))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("texts must not be null");
      assertThatThrownBy(() -> cache.embedDocuments(Arrays.asList("ok", null)))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("texts[1] must not be null");
      assertThatThrownBy(() -> cache.embedDocuments(List.of("ok", "fine", " \n")))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("texts[2] must not be blank");
      assertThatThrownBy(() -> cache.embedQuery(null))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("query must not be null");
      assertThatThrownBy(() -> cache.embedQuery(""))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("query must not be blank");

      assertThat(model.batches()).isEmpty();
      assertThat(model.queries()).isEmpty();
      assertThat(cache.stats()).isEqualTo(new EmbeddingCacheStats(0, 0, 0, 0));
    }
  }

  @Test
  void badInputIsAnIllegalArgumentEvenAfterClose() {
    CachingEmbeddingModel cache = cache();
    cache.close();
    assertThatThrownBy(() -> cache.embedQuery(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void entriesEvictedFromMemoryAreEmbeddedAgainAndStillCorrect() {
    try (CachingEmbeddingModel cache = CachingEmbeddingModel.builder(model, "recording-16")
        .maximumEntries(2)
        .build()) {
      List<String> texts = IntStream.range(0, 10).mapToObj(i -> "text " + i).toList();
      cache.embedDocuments(texts);
      List<float[]> again = cache.embedDocuments(texts);

      assertVectors(again, texts);
      assertThat(cache.stats().entriesInMemory()).isLessThanOrEqualTo(2);
      assertThat(model.documents()).hasSizeGreaterThan(10); // evicted ones came back from the model
    }
  }

  @Test
  void dimensionAndTokenWindowAreTheModels() {
    try (CachingEmbeddingModel cache = cache()) {
      assertThat(cache.dimension()).isEqualTo(16);
      assertThat(cache.tokenWindow()).isEqualTo(model.tokenWindow()).isPresent();
      assertThat(cache.modelIdentity()).isEqualTo("recording-16");
      assertThat(cache.folder()).isEmpty();
      assertThat(cache).hasToString("CachingEmbeddingModel[recording-16]");
    }
  }

  @Test
  void worksInFrontOfTheTestkitModelToo() {
    HashingEmbeddingModel hashing = new HashingEmbeddingModel(8);
    try (CachingEmbeddingModel cache = CachingEmbeddingModel.builder(hashing, "hashing-8").build()) {
      List<String> texts = new ArrayList<>(List.of("one", "two", "three"));
      cache.embedDocuments(texts);
      cache.embedDocuments(texts);
      cache.embedQuery("one");
      cache.embedQuery("one");
      assertThat(hashing.documents()).containsExactly("one", "two", "three");
      assertThat(hashing.queries()).containsExactly("one");
    }
  }

  @Test
  void closeIsIdempotentAndLaterCallsFailClearly() {
    CachingEmbeddingModel cache = cache();
    cache.embedDocuments(List.of("a"));
    cache.close();
    cache.close();

    assertThatThrownBy(() -> cache.embedDocuments(List.of("a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'recording-16' is closed");
    assertThatThrownBy(() -> cache.embedQuery("a")).isInstanceOf(IllegalStateException.class);
    assertThat(cache.stats()).isEqualTo(new EmbeddingCacheStats(0, 1, 0, 0));
    assertThat(cache.dimension()).isEqualTo(16);
  }

  private void assertVectors(List<float[]> vectors, List<String> texts) {
    assertThat(vectors).hasSameSizeAs(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(vectors.get(i)).as("vector of %s", texts.get(i)).containsExactly(model.documentVector(texts.get(i)));
    }
  }
}
