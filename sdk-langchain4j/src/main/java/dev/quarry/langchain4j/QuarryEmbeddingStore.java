package dev.quarry.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Any Quarry {@link VectorStore} (the embedded HNSW/IVF store, Qdrant, Milvus) as a LangChain4j {@link
 * EmbeddingStore}, so LangChain4j ingestion and {@code EmbeddingStoreContentRetriever} run on it.
 *
 * <pre>{@code
 * EmbeddingStore<TextSegment> store = QuarryEmbeddingStore.builder(EmbeddedVectorStore.builder(384).build()).build();
 * }</pre>
 *
 * <p><b>Records.</b> Each embedding becomes a Quarry record whose chunk id is the LangChain4j id (a random UUID
 * when none is given), whose text is the segment's (empty without a segment) and whose metadata is the segment's.
 * The chunk's document id is the segment's {@value #DOCUMENT_ID_KEY} metadata string when present, else the
 * record id. Adding an id again replaces the record. Metadata maps value by value: UUIDs are stored as strings,
 * and Quarry booleans and lists (from records written by Quarry itself) read back as strings.
 *
 * <p><b>Search.</b> {@code maxResults}, {@code minScore} and the metadata filter are passed to the store; filters
 * translate one to one except {@code containsString}, which is refused with an {@link IllegalArgumentException}.
 * Matches carry the id, score and segment but no embedding ({@code embedding()} is null): Quarry's search does
 * not return vectors.
 *
 * <p><b>Scores.</b> LangChain4j expects relevance scores in [0, 1] and accepts {@code minScore} only in that range.
 * By default ({@link Scores#RELEVANCE_FROM_COSINE}) the store's cosine similarity {@code s} is reported as {@code
 * (s + 1) / 2}, as LangChain4j's own in-memory store does, and {@code minScore} is read on that scale. {@link
 * Scores#AS_STORED} passes scores through, for stores whose scores already lie in [0, 1]. Neither fits a store
 * that scores by Euclidean distance (its scores are negated distances, at most 0): search that one through
 * {@link QuarryContentRetriever} or Quarry's own API.
 *
 * <p><b>Removal.</b> By ids, by filter, and everything ({@code removeAll()}, through a filter that every record
 * matches, as {@code VectorStore} has no clear operation).
 *
 * <p>Thread-safe when the wrapped store is, as every {@code VectorStore} must be; the bridge holds no mutable
 * state. A batch is one upsert, so it is applied whole or not at all.
 */
public final class QuarryEmbeddingStore implements EmbeddingStore<TextSegment> {
  /** The segment metadata key whose string value becomes the Quarry chunk's document id. */
  public static final String DOCUMENT_ID_KEY = "document_id";

  /** A filter every record matches: a condition or its negation. */
  private static final Filter EVERYTHING =
      Filter.or(Filter.eq(DOCUMENT_ID_KEY, ""), Filter.not(Filter.eq(DOCUMENT_ID_KEY, "")));

  /** How the wrapped store's scores are reported to LangChain4j, and {@code minScore} read. */
  public enum Scores {
    /**
     * LangChain4j's relevance, {@code (cosine + 1) / 2} in [0, 1], as its in-memory store reports. For stores
     * that score by cosine similarity, the embedded store's default. The default.
     */
    RELEVANCE_FROM_COSINE,
    /** The store's scores as they are; for stores whose scores already lie in [0, 1]. */
    AS_STORED
  }

  private final VectorStore store;
  private final Scores scores;

  private QuarryEmbeddingStore(Builder builder) {
    this.store = builder.store;
    this.scores = builder.scores;
  }

  /** Starts a bridge over {@code store}. */
  public static Builder builder(VectorStore store) {
    if (store == null) {
      throw new IllegalArgumentException("vector store must not be null");
    }
    return new Builder(store);
  }

  @Override
  public String add(Embedding embedding) {
    return addAll(Collections.singletonList(embedding)).getFirst();
  }

  @Override
  public void add(String id, Embedding embedding) {
    addAll(Collections.singletonList(id), Collections.singletonList(embedding), null);
  }

  @Override
  public String add(Embedding embedding, TextSegment segment) {
    return addAll(Collections.singletonList(embedding), Collections.singletonList(segment)).getFirst();
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings) {
    return addAll(embeddings, null);
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings, List<TextSegment> segments) {
    if (embeddings == null) {
      throw new IllegalArgumentException("embeddings must not be null");
    }
    List<String> ids = generateIds(embeddings.size());
    addAll(ids, embeddings, segments);
    return ids;
  }

  /**
   * Upserts the embeddings under {@code ids}, with their segments when {@code segments} is not null.
   *
   * @throws IllegalArgumentException if the lists differ in length, an id is blank or repeated, or a vector has
   *     the wrong dimension
   */
  @Override
  public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
    if (ids == null || embeddings == null) {
      throw new IllegalArgumentException("ids and embeddings must not be null");
    }
    if (ids.size() != embeddings.size() || (segments != null && segments.size() != embeddings.size())) {
      throw new IllegalArgumentException(
          "ids, embeddings and segments must have the same length, were " + ids.size() + ", "
              + embeddings.size() + " and " + (segments == null ? "none" : segments.size()));
    }
    List<VectorRecord> records = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      Embedding embedding = embeddings.get(i);
      if (embedding == null) {
        throw new IllegalArgumentException("embedding " + i + " must not be null");
      }
      records.add(new VectorRecord(chunk(ids.get(i), segments == null ? null : segments.get(i)), embedding.vector()));
    }
    store.upsert(records);
  }

  @Override
  public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
    if (request == null || request.queryEmbedding() == null) {
      throw new IllegalArgumentException("search request and its query embedding must not be null");
    }
    SearchRequest.Builder search =
        SearchRequest.builder(request.queryEmbedding().vector())
            .maxResults(request.maxResults())
            .minScore(toStoreScore(request.minScore()));
    if (request.filter() != null) {
      search.filter(FilterMapping.toQuarry(request.filter()));
    }
    List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>();
    for (SearchHit hit : store.search(search.build())) {
      matches.add(new EmbeddingMatch<>(fromStoreScore(hit.score()), hit.id(), null, segment(hit.chunk())));
    }
    return new EmbeddingSearchResult<>(matches);
  }

  /** Removes the records with these ids; ids that are not stored are ignored. */
  @Override
  public void removeAll(Collection<String> ids) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException("ids must not be null or empty");
    }
    store.delete(ids);
  }

  /** Removes the records whose metadata matches {@code filter}. */
  @Override
  public void removeAll(dev.langchain4j.store.embedding.filter.Filter filter) {
    store.deleteWhere(FilterMapping.toQuarry(filter));
  }

  /** Removes every record. */
  @Override
  public void removeAll() {
    store.deleteWhere(EVERYTHING);
  }

  @Override
  public String toString() {
    return "QuarryEmbeddingStore[" + store + ", scores=" + scores + "]";
  }

  private static Chunk chunk(String id, TextSegment segment) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("embedding ids must not be null or blank");
    }
    if (segment == null) {
      return new Chunk(id, id, "", Metadata.empty(), 0, 0);
    }
    Metadata metadata = MetadataMapping.toQuarry(segment.metadata());
    String documentId = metadata.getString(DOCUMENT_ID_KEY).filter(s -> !s.isBlank()).orElse(id);
    return new Chunk(id, documentId, segment.text(), metadata, 0, segment.text().length());
  }

  /** The segment of a stored chunk, or null for a record added without one. */
  static TextSegment segment(Chunk chunk) {
    if (chunk.text().isBlank()) {
      return null;
    }
    return TextSegment.from(chunk.text(), MetadataMapping.toLangChain4j(chunk.metadata()));
  }

  private double toStoreScore(double minScore) {
    return scores == Scores.RELEVANCE_FROM_COSINE ? 2 * minScore - 1 : minScore;
  }

  private double fromStoreScore(double score) {
    return scores == Scores.RELEVANCE_FROM_COSINE ? (score + 1) / 2 : score;
  }

  /** Options of a {@link QuarryEmbeddingStore}. Not thread-safe. */
  public static final class Builder {
    private final VectorStore store;
    private Scores scores = Scores.RELEVANCE_FROM_COSINE;

    private Builder(VectorStore store) {
      this.store = store;
    }

    /** How scores and {@code minScore} are read; {@link Scores#RELEVANCE_FROM_COSINE} when not set. */
    public Builder scores(Scores scores) {
      if (scores == null) {
        throw new IllegalArgumentException("scores must not be null");
      }
      this.scores = scores;
      return this;
    }

    public QuarryEmbeddingStore build() {
      return new QuarryEmbeddingStore(this);
    }
  }
}
