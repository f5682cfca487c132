package dev.quarry.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.retrieval.Query;
import dev.quarry.api.retrieval.Retriever;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Quarry {@link Retriever} (dense, BM25, hybrid, multi-query, HyDE, reranked) as a LangChain4j {@link
 * ContentRetriever}, so LangChain4j's retrieval augmentor and AI services use Quarry's retrieval.
 *
 * <pre>{@code
 * ContentRetriever retriever = QuarryContentRetriever.builder(hybridRetriever).maxResults(5).build();
 * }</pre>
 *
 * <p>Each hit becomes a {@link Content}: the chunk's text and metadata as its segment, with the chunk's document
 * id added under {@value QuarryEmbeddingStore#DOCUMENT_ID_KEY} (unless the metadata has that key already) so
 * answers can cite their source, the hit's score as {@link ContentMetadata#SCORE} and the chunk id as {@link
 * ContentMetadata#EMBEDDING_ID}. Metadata values map as {@code QuarryEmbeddingStore} describes. A hit whose chunk
 * has no text carries nothing to put in a prompt and is left out.
 *
 * <p>Immutable and thread-safe when the wrapped retriever is, as every {@code Retriever} must be.
 */
public final class QuarryContentRetriever implements ContentRetriever {
  private final Retriever retriever;
  private final int maxResults;
  private final Optional<Filter> filter;

  private QuarryContentRetriever(Builder builder) {
    this.retriever = builder.retriever;
    this.maxResults = builder.maxResults;
    this.filter = builder.filter;
  }

  /** Starts a content retriever over {@code retriever}. */
  public static Builder builder(Retriever retriever) {
    if (retriever == null) {
      throw new IllegalArgumentException("retriever must not be null");
    }
    return new Builder(retriever);
  }

  /** The best chunks for the query's text, best first. */
  @Override
  public List<Content> retrieve(dev.langchain4j.rag.query.Query query) {
    if (query == null) {
      throw new IllegalArgumentException("query must not be null");
    }
    List<SearchHit> hits = retriever.retrieve(new Query(query.text(), maxResults, filter));
    List<Content> contents = new ArrayList<>(hits.size());
    for (SearchHit hit : hits) {
      Chunk chunk = hit.chunk();
      if (chunk.text().isBlank()) {
        continue;
      }
      dev.langchain4j.data.document.Metadata metadata = MetadataMapping.toLangChain4j(chunk.metadata());
      if (!metadata.containsKey(QuarryEmbeddingStore.DOCUMENT_ID_KEY)) {
        metadata.put(QuarryEmbeddingStore.DOCUMENT_ID_KEY, chunk.documentId());
      }
      contents.add(
          Content.from(
              TextSegment.from(chunk.text(), metadata),
              Map.of(ContentMetadata.SCORE, hit.score(), ContentMetadata.EMBEDDING_ID, chunk.id())));
    }
    return contents;
  }

  @Override
  public String toString() {
    return "QuarryContentRetriever[" + retriever + ", maxResults=" + maxResults + ", filter=" + filter.orElse(null)
        + "]";
  }

  /** Options of a {@link QuarryContentRetriever}. Not thread-safe. */
  public static final class Builder {
    private final Retriever retriever;
    private int maxResults = Query.DEFAULT_MAX_RESULTS;
    private Optional<Filter> filter = Optional.empty();

    private Builder(Retriever retriever) {
      this.retriever = retriever;
    }

    /** How many contents at most per query; {@value Query#DEFAULT_MAX_RESULTS} when not set. */
    public Builder maxResults(int maxResults) {
      if (maxResults <= 0) {
        throw new IllegalArgumentException("maxResults must be > 0, was " + maxResults);
      }
      this.maxResults = maxResults;
      return this;
    }

    /** Only chunks matching {@code filter}, for every query. */
    public Builder filter(Filter filter) {
      if (filter == null) {
        throw new IllegalArgumentException("filter must not be null");
      }
      this.filter = Optional.of(filter);
      return this;
    }

    public QuarryContentRetriever build() {
      return new QuarryContentRetriever(this);
    }
  }
}
