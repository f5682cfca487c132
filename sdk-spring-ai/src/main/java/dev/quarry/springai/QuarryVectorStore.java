package dev.quarry.springai;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.embedding.EmbeddingModel;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionTextParser;

/**
 * Any Quarry {@link VectorStore} (the embedded HNSW/IVF store, Qdrant, Milvus, pgvector, Chroma) with a Quarry
 * {@link EmbeddingModel}, as a Spring AI {@link org.springframework.ai.vectorstore.VectorStore}, so Spring AI's
 * {@code QuestionAnswerAdvisor}, {@code VectorStoreDocumentRetriever} and ETL pipelines run on it.
 *
 * <pre>{@code
 * VectorStore springStore = QuarryVectorStore.builder(EmbeddedVectorStore.builder(384).build(), embeddings).build();
 * }</pre>
 *
 * <p><b>Documents.</b> Each Spring AI document becomes one Quarry record: the document id is the record id (adding
 * an id again replaces the record), the text is embedded with the Quarry model's {@code embedDocuments}, and the
 * metadata is stored as Quarry metadata. The chunk's document id is the {@value #DOCUMENT_ID_KEY} metadata string
 * that Spring AI's text splitters set, else the record id. Metadata values Quarry cannot hold (dates, maps, nested
 * lists, {@code BigDecimal}, ...) are refused, never dropped; whole numbers read back as {@code Long} and
 * {@code Float} as {@code Double}.
 *
 * <p><b>Search.</b> The query is embedded with {@code embedQuery}; {@code topK}, the filter expression (built or
 * parsed from Spring AI's text form) and the similarity threshold go to the store. Returned documents carry the id,
 * text, metadata and the store's score ({@link Document#getScore()}): cosine similarity for a cosine store, as
 * Spring AI's {@code SimpleVectorStore} reports. A threshold of {@code 0} ({@link
 * SearchRequest#SIMILARITY_THRESHOLD_ACCEPT_ALL}) accepts every hit, even one of negative cosine; any other
 * threshold drops hits scoring below it. A store that scores by Euclidean distance reports negated distances (at
 * most 0), so only the threshold 0 suits it. A {@code topK} of 0 returns no documents.
 *
 * <p><b>Filters.</b> {@code EQ}, {@code NE}, {@code GT}, {@code GTE}, {@code LT}, {@code LTE}, {@code IN},
 * {@code NIN}, {@code AND}, {@code OR}, {@code NOT}, {@code ISNULL} and {@code ISNOTNULL} translate to Quarry's
 * filter tree and keep Quarry's semantics: numbers compare by value ({@code 3 == 3.0}), a string never equals or
 * orders against a number, a record lacking the key matches no comparison (so it matches {@code NE}, {@code NIN}
 * and {@code ISNULL}), a list value matches when any element does, and an empty list counts as null. Comparisons
 * with values Quarry metadata cannot hold (dates, lists outside {@code IN}), order comparisons with booleans and
 * empty {@code IN} lists are refused with an {@link IllegalArgumentException} naming the operator.
 *
 * <p><b>Bad input</b> (a null list or document, a document without text or with blank text, an id twice in one
 * batch, metadata Quarry cannot hold, a null id to delete) is refused with an {@link IllegalArgumentException}
 * before anything is embedded or changed, and a failing embedding model leaves the store untouched: a batch is
 * embedded whole and then written as one upsert. That upsert is atomic in the embedded store and pgvector; a
 * server store (Chroma, Qdrant, Milvus) that fails part way may have written some of the batch, which adding it
 * again (same ids) completes.
 *
 * <p>Immutable; thread-safe when the wrapped store and model are, as every Quarry store and model must be.
 */
public final class QuarryVectorStore implements org.springframework.ai.vectorstore.VectorStore {
  /** The metadata key whose string value becomes the Quarry chunk's document id (set by Spring AI's splitters). */
  public static final String DOCUMENT_ID_KEY = "parent_document_id";

  private final VectorStore store;
  private final EmbeddingModel model;

  private QuarryVectorStore(Builder builder) {
    this.store = builder.store;
    this.model = builder.model;
  }

  /** Starts a bridge over {@code store}, embedding with {@code model}. */
  public static Builder builder(VectorStore store, EmbeddingModel model) {
    if (store == null) {
      throw new IllegalArgumentException("Quarry vector store must not be null");
    }
    if (model == null) {
      throw new IllegalArgumentException("Quarry embedding model must not be null");
    }
    if (store.dimension() != model.dimension()) {
      throw new IllegalArgumentException(
          "the store keeps vectors of " + store.dimension() + " dimensions but the embedding model makes "
              + model.dimension());
    }
    return new Builder(store, model);
  }

  @Override
  public String getName() {
    return "QuarryVectorStore";
  }

  /**
   * Embeds and upserts {@code documents} as one batch.
   *
   * @throws IllegalArgumentException if the list or a document is null, a document has no text (media only) or
   *     blank text, an id appears twice, or metadata cannot be held by Quarry; nothing is stored then
   */
  @Override
  public void add(List<Document> documents) {
    if (documents == null) {
      throw new IllegalArgumentException("documents must not be null");
    }
    List<Chunk> chunks = new ArrayList<>(documents.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < documents.size(); i++) {
      Chunk chunk = chunk(documents.get(i), i);
      if (!ids.add(chunk.id())) {
        throw new IllegalArgumentException(
            "document id '" + chunk.id() + "' appears twice in one batch; ids must be unique");
      }
      chunks.add(chunk);
    }
    if (chunks.isEmpty()) {
      return;
    }
    List<float[]> vectors = model.embedDocuments(chunks.stream().map(Chunk::text).toList());
    if (vectors.size() != chunks.size()) {
      throw new IllegalStateException(
          "the embedding model returned " + vectors.size() + " vectors for " + chunks.size() + " documents");
    }
    List<VectorRecord> records = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      records.add(new VectorRecord(chunks.get(i), vectors.get(i)));
    }
    store.upsert(records);
  }

  /**
   * Removes the documents with these ids; ids that are not stored are ignored.
   *
   * @throws IllegalArgumentException if the list is null or holds null; nothing is removed then
   */
  @Override
  public void delete(List<String> ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i) == null) {
        throw new IllegalArgumentException("id " + i + " is null; nothing was deleted");
      }
    }
    if (!ids.isEmpty()) {
      store.delete(List.copyOf(ids));
    }
  }

  /**
   * Removes the documents whose metadata matches {@code filterExpression}.
   *
   * @throws IllegalArgumentException if the expression is null or cannot be translated; nothing is removed then
   */
  @Override
  public void delete(Filter.Expression filterExpression) {
    store.deleteWhere(FilterMapping.toQuarry(filterExpression));
  }

  /**
   * Removes the documents whose metadata matches the Spring AI filter text ({@code "genre == 'drama' && year <
   * 2000"}).
   *
   * @throws IllegalArgumentException if the text is blank, does not parse, or cannot be translated
   */
  @Override
  public void delete(String filterExpression) {
    if (filterExpression == null || filterExpression.isBlank()) {
      throw new IllegalArgumentException("filter expression must not be null or blank");
    }
    Filter.Expression parsed;
    try {
      parsed = new FilterExpressionTextParser().parse(filterExpression);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "filter expression \"" + filterExpression + "\" does not parse: " + e.getMessage(), e);
    }
    delete(parsed);
  }

  /**
   * The documents most similar to the request's query, best first.
   *
   * @throws IllegalArgumentException if the request is null, its query is blank, or its filter cannot be
   *     translated
   */
  @Override
  public List<Document> similaritySearch(SearchRequest request) {
    if (request == null) {
      throw new IllegalArgumentException("search request must not be null");
    }
    String query = request.getQuery();
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("the search request's query must not be null or blank");
    }
    dev.quarry.api.store.Filter filter =
        request.getFilterExpression() == null ? null : FilterMapping.toQuarry(request.getFilterExpression());
    if (request.getTopK() <= 0) {
      return List.of();
    }
    dev.quarry.api.store.SearchRequest.Builder search =
        dev.quarry.api.store.SearchRequest.builder(model.embedQuery(query)).maxResults(request.getTopK());
    if (filter != null) {
      search.filter(filter);
    }
    if (request.getSimilarityThreshold() != SearchRequest.SIMILARITY_THRESHOLD_ACCEPT_ALL) {
      search.minScore(request.getSimilarityThreshold());
    }
    List<SearchHit> hits = store.search(search.build());
    List<Document> documents = new ArrayList<>(hits.size());
    for (SearchHit hit : hits) {
      documents.add(
          Document.builder()
              .id(hit.id())
              .text(hit.chunk().text())
              .metadata(MetadataMapping.toSpringAi(hit.chunk().metadata()))
              .score(hit.score())
              .build());
    }
    return documents;
  }

  /** The wrapped Quarry store. */
  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> getNativeClient() {
    return Optional.of((T) store);
  }

  @Override
  public String toString() {
    return "QuarryVectorStore[" + store + ", " + model + "]";
  }

  private static Chunk chunk(Document document, int index) {
    if (document == null) {
      throw new IllegalArgumentException("document " + index + " is null");
    }
    String id = document.getId();
    String text = document.getText();
    if (text == null) {
      throw new IllegalArgumentException(
          "document '" + id + "' has no text (media only); Quarry stores and embeds text");
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("document '" + id + "' has blank text; there is nothing to embed");
    }
    Metadata metadata = MetadataMapping.toQuarry(document.getMetadata(), id);
    String documentId = metadata.getString(DOCUMENT_ID_KEY).filter(s -> !s.isBlank()).orElse(id);
    return new Chunk(id, documentId, text, metadata, 0, text.length());
  }

  /** Options of a {@link QuarryVectorStore}; it has none beyond the store and model yet. Not thread-safe. */
  public static final class Builder {
    private final VectorStore store;
    private final EmbeddingModel model;

    private Builder(VectorStore store, EmbeddingModel model) {
      this.store = store;
      this.model = model;
    }

    public QuarryVectorStore build() {
      return new QuarryVectorStore(this);
    }
  }
}
