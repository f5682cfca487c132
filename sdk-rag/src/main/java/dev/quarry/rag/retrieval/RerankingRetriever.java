package dev.quarry.rag.retrieval;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.rerank.Reranker;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Re-orders a retriever's hits with a {@link Reranker}: the retriever is cheap and casts a wide net, the reranker
 * reads each candidate together with the question and is better at putting the right chunk first.
 *
 * <pre>{@code
 * Retriever retriever = RerankingRetriever.builder(hybrid, crossEncoder).candidates(30).build();
 * }</pre>
 *
 * <p>The wrapped retriever is asked for {@code max(candidates, query.maxResults())} hits with the query's filter;
 * the reranker scores their texts against the query's text in one call, and the best {@code query.maxResults()}
 * are returned with the reranker's scores. Equal scores keep the wrapped retriever's order. No candidates, no
 * reranker call.
 *
 * <p>A reranker that returns the wrong number of scores or a NaN breaks its contract: {@code retrieve} throws a
 * {@link NonRetriableException} saying so. Exceptions from the retriever and the reranker propagate unchanged.
 *
 * <p>Immutable and thread-safe if the retriever and the reranker are.
 */
public final class RerankingRetriever implements Retriever {
  /** Candidates asked of the wrapped retriever when {@link Builder#candidates} is not called. */
  public static final int DEFAULT_CANDIDATES = 30;

  private final Retriever retriever;
  private final Reranker reranker;
  private final int candidates;

  private RerankingRetriever(Builder b) {
    this.retriever = b.retriever;
    this.reranker = b.reranker;
    this.candidates = b.candidates;
  }

  /** Starts a retriever that has {@code reranker} re-order what {@code retriever} finds. */
  public static Builder builder(Retriever retriever, Reranker reranker) {
    if (retriever == null || reranker == null) {
      throw new IllegalArgumentException("retriever and reranker must not be null");
    }
    return new Builder(retriever, reranker);
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    List<SearchHit> found = retriever.retrieve(query.withMaxResults(Math.max(candidates, query.maxResults())));
    if (found.isEmpty()) {
      return List.of();
    }
    List<String> passages = found.stream().map(hit -> hit.chunk().text()).toList();
    float[] scores = reranker.score(query.text(), passages);
    checkScores(scores, found);
    List<Ranked> ranked = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      ranked.add(new Ranked(new SearchHit(found.get(i).chunk(), scores[i]), i));
    }
    ranked.sort(Comparator.comparingDouble((Ranked r) -> r.hit.score()).reversed().thenComparingInt(r -> r.rank));
    return ranked.stream().limit(query.maxResults()).map(Ranked::hit).toList();
  }

  private static void checkScores(float[] scores, List<SearchHit> found) {
    if (scores == null || scores.length != found.size()) {
      throw new NonRetriableException(
          "the reranker returned " + (scores == null ? "null" : scores.length + " scores") + " for "
              + found.size() + " passages");
    }
    for (int i = 0; i < scores.length; i++) {
      if (Float.isNaN(scores[i])) {
        throw new NonRetriableException(
            "the reranker scored passage " + i + " (chunk '" + found.get(i).id() + "') NaN");
      }
    }
  }

  @Override
  public String toString() {
    return "RerankingRetriever[candidates=" + candidates + ", reranker=" + reranker.getClass().getSimpleName() + "]";
  }

  /** A reranked hit and its place in the wrapped retriever's answer, the tie-break. */
  private record Ranked(SearchHit hit, int rank) {}

  /** Options of a {@link RerankingRetriever}. Not thread-safe. */
  public static final class Builder {
    private final Retriever retriever;
    private final Reranker reranker;
    private int candidates = DEFAULT_CANDIDATES;

    private Builder(Retriever retriever, Reranker reranker) {
      this.retriever = retriever;
      this.reranker = reranker;
    }

    /**
     * Hits the reranker scores (at least the query's maxResults); {@value #DEFAULT_CANDIDATES} by default. More
     * candidates find more, at one reranker evaluation each.
     */
    public Builder candidates(int candidates) {
      if (candidates <= 0) {
        throw new IllegalArgumentException("candidates must be > 0, was " + candidates);
      }
      this.candidates = candidates;
      return this;
    }

    public RerankingRetriever build() {
      return new RerankingRetriever(this);
    }
  }
}
