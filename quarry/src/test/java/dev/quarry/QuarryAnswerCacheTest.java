package dev.quarry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quarry.api.document.Document;
import dev.quarry.cache.CaffeineAnswerCache;
import dev.quarry.rag.pipeline.Rag;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-object setup with an answer cache (bge-small, real): a question asked again is a hit until a write. */
class QuarryAnswerCacheTest {

  @Test
  void aWriteToTheStoreEmptiesTheCache() {
    CaffeineAnswerCache cache = CaffeineAnswerCache.builder().build();
    try (Quarry quarry = Quarry.builder().answerCache(cache).build()) {
      quarry.ingest(List.of(
          Document.of("tides", "The Moon's gravity pulls the oceans, causing two high tides a day.")));
      String question = "Why are there two high tides a day?";

      assertThat(quarry.ask(question).metadata()).doesNotContainKey(Rag.CACHE);
      assertThat(quarry.ask(question).metadata()).containsEntry(Rag.CACHE, "hit");

      quarry.ingest(List.of(Document.of("bread", "Bread dough rises because yeast ferments the sugars.")));
      assertThat(cache.size()).isZero();
      assertThat(quarry.ask(question).metadata()).doesNotContainKey(Rag.CACHE);
    }
  }
}
