package dev.quarry.rag.retrieval;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A <b>test double</b> for {@link Retriever}: answers from canned hit lists instead of an index, cut to the
 * query's maxResults as a real retriever would, and records every query it gets. Thread-safe.
 */
final class StubRetriever implements Retriever {
  private final Function<Query, List<SearchHit>> answers;
  private final List<Query> queries = new CopyOnWriteArrayList<>();

  private StubRetriever(Function<Query, List<SearchHit>> answers) {
    this.answers = answers;
  }

  /** Answers every query with {@code hits}. */
  static StubRetriever returning(List<SearchHit> hits) {
    return new StubRetriever(query -> hits);
  }

  /** Answers by query text; a text not in the map gets no hits. */
  static StubRetriever byText(Map<String, List<SearchHit>> hitsByText) {
    return new StubRetriever(query -> hitsByText.getOrDefault(query.text(), List.of()));
  }

  /** Answers with whatever {@code answers} returns or throws. */
  static StubRetriever answering(Function<Query, List<SearchHit>> answers) {
    return new StubRetriever(answers);
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    queries.add(query);
    List<SearchHit> hits = answers.apply(query);
    return hits.size() <= query.maxResults() ? hits : hits.subList(0, query.maxResults());
  }

  /** Every query received, in arrival order. */
  List<Query> queries() {
    return List.copyOf(queries);
  }
}
