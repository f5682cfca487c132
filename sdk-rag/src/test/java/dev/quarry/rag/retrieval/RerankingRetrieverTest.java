package dev.quarry.rag.retrieval;

import static dev.quarry.rag.retrieval.Hits.ids;
import static dev.quarry.rag.retrieval.Hits.ranked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RerankingRetrieverTest {
  private final StubRetriever retriever = StubRetriever.returning(ranked("a", "b", "c", "d"));

  @Test
  void reordersByTheRerankerAndKeepsItsScores() {
    StubReranker reranker =
        StubReranker.byText(Map.of("text of a", 0.5f, "text of b", 0.1f, "text of c", 0.9f, "text of d", 0.7f));

    List<SearchHit> hits =
        RerankingRetriever.builder(retriever, reranker).build().retrieve(Query.of("q").withMaxResults(2));

    assertThat(ids(hits)).containsExactly("c", "d");
    assertThat(hits.get(0).score()).isCloseTo(0.9, within(1e-6));
    assertThat(hits.get(1).score()).isCloseTo(0.7, within(1e-6));
    assertThat(reranker.calls())
        .containsExactly(new StubReranker.Call("q", List.of("text of a", "text of b", "text of c", "text of d")));
  }

  @Test
  void asksTheRetrieverForTheCandidatesWithTheFilter() {
    StubReranker reranker = StubReranker.byText(Map.of());
    Filter recent = Filter.gte("year", 2020);
    RerankingRetriever reranking = RerankingRetriever.builder(retriever, reranker).build();

    reranking.retrieve(Query.of("q").withMaxResults(3).withFilter(recent));
    reranking.retrieve(Query.of("q").withMaxResults(45));
    RerankingRetriever.builder(retriever, reranker).candidates(8).build().retrieve(Query.of("q").withMaxResults(3));

    assertThat(retriever.queries().get(0))
        .isEqualTo(new Query("q", RerankingRetriever.DEFAULT_CANDIDATES, Optional.of(recent)));
    assertThat(retriever.queries().get(1).maxResults()).isEqualTo(45);
    assertThat(retriever.queries().get(2).maxResults()).isEqualTo(8);
  }

  @Test
  void equalScoresKeepTheRetrieversOrder() {
    StubReranker flat = new StubReranker((query, passages) -> new float[passages.size()]);

    List<SearchHit> hits = RerankingRetriever.builder(retriever, flat).build().retrieve(Query.of("q"));

    assertThat(ids(hits)).containsExactly("a", "b", "c", "d");
  }

  @Test
  void noCandidatesMeansNoRerankerCall() {
    StubReranker reranker = StubReranker.byText(Map.of());

    List<SearchHit> hits =
        RerankingRetriever.builder(StubRetriever.returning(List.of()), reranker).build().retrieve(Query.of("q"));

    assertThat(hits).isEmpty();
    assertThat(reranker.calls()).isEmpty();
  }

  @Test
  void aRerankerBreakingItsContractIsReported() {
    StubReranker tooFew = new StubReranker((query, passages) -> new float[] {1});
    StubReranker nan = new StubReranker((query, passages) -> new float[] {1, Float.NaN, 0, 0});

    assertThatThrownBy(() -> RerankingRetriever.builder(retriever, tooFew).build().retrieve(Query.of("q")))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("returned 1 scores for 4 passages");
    assertThatThrownBy(() -> RerankingRetriever.builder(retriever, nan).build().retrieve(Query.of("q")))
        .isInstanceOf(NonRetriableException.class)
        .hasMessageContaining("passage 1 (chunk 'b') NaN");
  }

  @Test
  void rejectsBadConfiguration() {
    StubReranker reranker = StubReranker.byText(Map.of());

    assertThatThrownBy(() -> RerankingRetriever.builder(null, reranker)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RerankingRetriever.builder(retriever, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RerankingRetriever.builder(retriever, reranker).candidates(0))
        .hasMessageContaining("candidates must be > 0, was 0");
    assertThatThrownBy(() -> RerankingRetriever.builder(retriever, reranker).build().retrieve(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
