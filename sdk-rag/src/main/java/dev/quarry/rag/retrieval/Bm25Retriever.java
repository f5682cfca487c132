package dev.quarry.rag.retrieval;

import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.rag.bm25.Bm25Index;
import java.util.List;

/**
 * Retrieves by keywords: asks a {@link Bm25Index} for the chunks whose words best match the query's. Scores are
 * BM25 scores, unbounded and comparable only within one result list; a query whose words are all stop words
 * finds nothing.
 *
 * <pre>{@code
 * Retriever keywords = Bm25Retriever.builder(index).build();
 * List<SearchHit> hits = keywords.retrieve(Query.of("error E1234 on startup").withMaxResults(5));
 * }</pre>
 *
 * <p>Immutable; thread-safe because the index is.
 */
public final class Bm25Retriever implements Retriever {
  private final Bm25Index index;
  private final double minScore;

  private Bm25Retriever(Builder b) {
    this.index = b.index;
    this.minScore = b.minScore;
  }

  /** A retriever over {@code index}. */
  public static Builder builder(Bm25Index index) {
    if (index == null) {
      throw new IllegalArgumentException("BM25 index must not be null");
    }
    return new Builder(index);
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    List<SearchHit> hits = index.search(query.text(), query.maxResults(), query.filter().orElse(null));
    if (minScore == Double.NEGATIVE_INFINITY) {
      return hits;
    }
    return hits.stream().filter(hit -> hit.score() >= minScore).toList();
  }

  @Override
  public String toString() {
    return "Bm25Retriever[" + index + "]";
  }

  /** Options of a {@link Bm25Retriever}. Not thread-safe. */
  public static final class Builder {
    private final Bm25Index index;
    private double minScore = Double.NEGATIVE_INFINITY;

    private Builder(Bm25Index index) {
      this.index = index;
    }

    /** Drop chunks scoring below this BM25 score; no minimum by default. */
    public Builder minScore(double minScore) {
      if (Double.isNaN(minScore)) {
        throw new IllegalArgumentException("minScore must not be NaN");
      }
      this.minScore = minScore;
      return this;
    }

    public Bm25Retriever build() {
      return new Bm25Retriever(this);
    }
  }
}
