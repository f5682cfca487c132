package dev.quarry.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.bm25.Bm25Index;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Bm25RetrieverTest {
  private final Bm25Index index = Bm25Index.builder().build();

  @BeforeEach
  void fill() {
    index.upsert(List.of(
        chunk("a", "error E1234 when the service starts", "ops"),
        chunk("b", "the service starts slowly after an update", "ops"),
        chunk("c", "release notes: error E1234 fixed", "notes"),
        chunk("d", "unrelated text about gardening", "notes")));
  }

  @AfterEach
  void close() {
    index.close();
  }

  private static Chunk chunk(String id, String text, String section) {
    return new Chunk(id, "doc", text, Metadata.of(Map.of("section", section)), 0, text.length());
  }

  @Test
  void retrievesTheBestMatchesUpToMaxResults() {
    Bm25Retriever retriever = Bm25Retriever.builder(index).build();

    List<SearchHit> hits = retriever.retrieve(Query.of("error E1234 on startup").withMaxResults(2));

    assertThat(hits).extracting(SearchHit::id).containsExactlyInAnyOrder("a", "c");
    assertThat(retriever.retrieve(Query.of("service starts"))).extracting(SearchHit::id)
        .containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void honoursTheQueryFilter() {
    Bm25Retriever retriever = Bm25Retriever.builder(index).build();

    List<SearchHit> hits = retriever.retrieve(Query.of("error E1234").withFilter(Filter.eq("section", "notes")));

    assertThat(hits).extracting(SearchHit::id).containsExactly("c");
  }

  @Test
  void dropsHitsBelowTheMinimumScore() {
    List<SearchHit> all = Bm25Retriever.builder(index).build().retrieve(Query.of("error service"));
    double cut = (all.get(0).score() + all.get(all.size() - 1).score()) / 2;

    List<SearchHit> kept = Bm25Retriever.builder(index).minScore(cut).build().retrieve(Query.of("error service"));

    assertThat(kept).isNotEmpty().hasSizeLessThan(all.size())
        .allSatisfy(h -> assertThat(h.score()).isGreaterThanOrEqualTo(cut));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> Bm25Retriever.builder(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bm25Retriever.builder(index).minScore(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Bm25Retriever.builder(index).build().retrieve(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
