package dev.quarry.rag.retrieval;

import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorStore;
import java.util.List;
import java.util.Optional;

/**
 * Retrieves by meaning: embeds the query with the model the chunks were embedded with and asks the vector store
 * for the nearest chunks. Scores are the store's (cosine similarity for the default store).
 *
 * <p>Thread-safe if the model and store are (Quarry's are).
 */
public final class DenseRetriever implements Retriever {
  private final EmbeddingModel model;
  private final VectorSearch search;
  private final double minScore;

  private DenseRetriever(Builder b) {
    this.model = b.model;
    this.search = new VectorSearch(b.store, b.searchOptions);
    this.minScore = b.minScore;
  }

  /** A retriever over {@code store}, whose vectors {@code model} made. */
  public static Builder builder(EmbeddingModel model, VectorStore store) {
    if (model == null || store == null) {
      throw new IllegalArgumentException("embedding model and vector store must not be null");
    }
    if (model.dimension() != store.dimension()) {
      throw new IllegalArgumentException(
          "the model makes " + model.dimension() + "-d vectors but the store holds " + store.dimension() + "-d ones");
    }
    return new Builder(model, store);
  }

  @Override
  public List<SearchHit> retrieve(Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    SearchRequest.Builder request =
        SearchRequest.builder(model.embedQuery(query.text())).maxResults(query.maxResults()).minScore(minScore);
    query.filter().ifPresent(request::filter);
    return search.search(request.build(), query);
  }

  /** Options of a {@link DenseRetriever}. Not thread-safe. */
  public static final class Builder {
    private final EmbeddingModel model;
    private final VectorStore store;
    private Optional<SearchOptions> searchOptions = Optional.empty();
    private double minScore = Double.NEGATIVE_INFINITY;

    private Builder(EmbeddingModel model, VectorStore store) {
      this.model = model;
      this.store = store;
    }

    /** Drop chunks scoring below this; no minimum by default. */
    public Builder minScore(double minScore) {
      if (Double.isNaN(minScore)) {
        throw new IllegalArgumentException("minScore must not be NaN");
      }
      this.minScore = minScore;
      return this;
    }

    /**
     * The vector search's effort for queries that carry none ({@link Query#withSearchOptions}); the store's
     * defaults unless set. The store must be a {@link dev.quarry.api.store.TunableVectorStore}.
     */
    public Builder searchOptions(SearchOptions searchOptions) {
      if (searchOptions == null) {
        throw new IllegalArgumentException("searchOptions must not be null");
      }
      this.searchOptions = Optional.of(searchOptions);
      return this;
    }

    public DenseRetriever build() {
      return new DenseRetriever(this);
    }
  }
}
