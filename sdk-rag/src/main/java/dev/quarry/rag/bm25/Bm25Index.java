package dev.quarry.rag.bm25;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.VectorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;

/**
 * Keyword search over chunks with Lucene's BM25: the lexical half of hybrid retrieval, strong where embeddings
 * are weak (names, codes, rare terms).
 *
 * <pre>{@code
 * try (Bm25Index index = Bm25Index.builder().folder(Path.of("keywords")).build()) {
 *   VectorStore both = index.syncing(vectorStore);   // give this to the Ingestor: one write, both indexes
 *   List<SearchHit> hits = index.search("heat shield ablation", 5, Filter.eq("lang", "en"));
 * }
 * }</pre>
 *
 * <p><b>Queries.</b> The text is analysed like the chunks and every term is optional: a chunk scores the sum of
 * the BM25 weights of the query terms it holds. The text is never parsed as syntax, so quotes and colons are
 * safe. A text that analysis empties (only stop words or punctuation) matches nothing and gives an empty list.
 * Hits come best first; equal scores keep index order. Metadata filters are answered exactly as {@link
 * Filter#matches} would, inside Lucene, and do not change scores.
 *
 * <p><b>Storage.</b> In memory by default; with {@link Builder#folder} every write is committed (forced to disk)
 * before it returns, so a write that returned survives a crash and one that did not is absent. Lucene's {@code
 * write.lock} keeps a folder to one open index at a time, in any process. A folder remembers its analyzer.
 *
 * <p><b>Thread-safety and visibility.</b> Any number of searches run concurrently with each other and with
 * writes; writes are serialised. A write becomes visible whole, when it is complete, before it returns: a search
 * sees every write that returned before the search started and never half a batch.
 *
 * <p><b>Bad input.</b> A batch with a null, an id twice, or a value too long to index is rejected whole with an
 * {@link IllegalArgumentException} before anything changes. If a write fails for another reason (a full disk),
 * the index serves searches as before it but refuses further writes until it is closed and reopened; a folder
 * then holds every write that returned.
 */
public final class Bm25Index implements AutoCloseable {
  /** The analyzer used when none is set. */
  public static final Bm25Analyzer DEFAULT_ANALYZER = Bm25Analyzer.ENGLISH;
  /** Term-frequency saturation used when none is set (Lucene's default). */
  public static final double DEFAULT_K1 = 1.2;
  /** Length normalisation used when none is set (Lucene's default). */
  public static final double DEFAULT_B = 0.75;

  private final Bm25Analyzer analyzer;
  private final double k1;
  private final double b;
  private final Path folder;
  private final LuceneIndex lucene;

  private Bm25Index(Builder builder) {
    this.analyzer = builder.analyzer;
    this.k1 = builder.k1;
    this.b = builder.b;
    this.folder = builder.folder;
    this.lucene = LuceneIndex.open(folder, analyzer, new BM25Similarity((float) k1, (float) b));
  }

  /** Starts an index: in memory, English analyzer, k1 = {@value #DEFAULT_K1}, b = {@value #DEFAULT_B}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The analyzer chunks and queries go through. */
  public Bm25Analyzer analyzer() {
    return analyzer;
  }

  /** BM25's term-frequency saturation. */
  public double k1() {
    return k1;
  }

  /** BM25's length normalisation. */
  public double b() {
    return b;
  }

  /** The folder the index persists in, if any. */
  public Optional<Path> folder() {
    return Optional.ofNullable(folder);
  }

  /**
   * Inserts {@code chunks}, replacing any chunk with the same id, as one atomic batch.
   *
   * @throws IllegalArgumentException for a null list or chunk, an id twice, an id or a string metadata value of
   *     more than 16,383 chars (Lucene's term limit); nothing changes then
   */
  public void upsert(List<Chunk> chunks) {
    apply(prepare(chunks));
  }

  /** Removes the chunks with these ids; returns how many existed. Unknown ids are ignored. */
  public int delete(Collection<String> ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String id : ids) {
      if (id == null) {
        throw new IllegalArgumentException("ids must not contain null");
      }
      unique.add(id);
    }
    return unique.isEmpty() ? 0 : lucene.delete(ChunkDocuments.ids(unique));
  }

  /** Removes every chunk whose metadata matches {@code filter}; returns how many were removed. */
  public int deleteWhere(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    return lucene.delete(FilterQueries.of(filter));
  }

  /** The {@code maxResults} chunks that best match {@code text}, best first; see the class comment. */
  public List<SearchHit> search(String text, int maxResults) {
    return search(text, maxResults, null);
  }

  /**
   * The {@code maxResults} chunks matching {@code filter} that best match {@code text}, best first.
   *
   * @param filter a metadata condition every hit satisfies, or null for none
   * @return at most {@code maxResults} hits, in an unmodifiable list; empty when no chunk holds a query term or the
   *     text has none
   * @throws IllegalArgumentException for a null or blank text or {@code maxResults < 1}
   */
  public List<SearchHit> search(String text, int maxResults, Filter filter) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("query text must not be " + (text == null ? "null" : "blank"));
    }
    if (maxResults < 1) {
      throw new IllegalArgumentException("maxResults must be > 0, was " + maxResults);
    }
    return lucene.read(
        searcher -> {
          Optional<Query> terms = QueryTerms.of(lucene.analyzer(), text);
          if (terms.isEmpty()) {
            return List.of();
          }
          Query query = terms.get();
          if (filter != null) {
            query =
                new BooleanQuery.Builder()
                    .add(query, Occur.MUST)
                    .add(FilterQueries.of(filter), Occur.FILTER)
                    .build();
          }
          return ChunkDocuments.hits(searcher, searcher.search(query, maxResults));
        });
  }

  /** The chunks the index holds under {@code ids}, by id; ids it holds nothing under are absent. */
  Map<String, Chunk> chunks(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return lucene.read(
        searcher -> {
          Map<String, Chunk> found = new HashMap<>();
          StoredFields stored = searcher.storedFields();
          for (ScoreDoc doc : searcher.search(ChunkDocuments.ids(ids), ids.size()).scoreDocs) {
            Chunk chunk = ChunkDocuments.chunk(stored.document(doc.doc));
            found.put(chunk.id(), chunk);
          }
          return found;
        });
  }

  /** The number of chunks indexed. */
  public long count() {
    return lucene.read(searcher -> (long) searcher.getIndexReader().numDocs());
  }

  /**
   * A vector store that writes through to {@code store} and to this index, so whoever fills the store (an
   * {@code Ingestor}) keeps both in step. What a caller can rely on:
   *
   * <ul>
   *   <li>every upsert and delete is checked in full (nulls, repeated ids, vector dimension, this index's limits)
   *       before either side changes; a call refused there, or refused by the vector store itself, changes
   *       neither side;
   *   <li>the vector store is written first, then this index, under this index's write lock, so writes through
   *       the returned store reach both sides in the same order and nothing else writes this index in between;
   *   <li>if this index fails after the vector store succeeded, a {@link Bm25SyncException} names the ids the
   *       two now disagree on; repeating the call (once the cause is fixed) brings them back in step;
   *   <li>searches and counts are the vector store's; a concurrent search may see a write in the vector store
   *       a moment before it reaches this index.
   * </ul>
   *
   * <p>Writes made to either side directly, not through the returned store, are not mirrored.
   */
  public VectorStore syncing(VectorStore store) {
    if (store == null) {
      throw new IllegalArgumentException("vector store must not be null");
    }
    return new SyncedVectorStore(this, store);
  }

  /** Releases the index (and a folder's lock); later calls fail. Idempotent. */
  @Override
  public void close() {
    lucene.close();
  }

  @Override
  public String toString() {
    return "Bm25Index[" + analyzer + ", k1=" + k1 + ", b=" + b + (folder == null ? ", in memory" : ", " + folder)
        + "]";
  }

  /** A batch checked and turned into Lucene documents, ready to write. */
  record Batch(List<String> ids, List<Document> documents) {}

  /** Checks {@code chunks} and prepares them; nothing is written. */
  Batch prepare(List<Chunk> chunks) {
    List<Document> documents = ChunkDocuments.of(chunks);
    return new Batch(chunks.stream().map(Chunk::id).toList(), documents);
  }

  /** Writes a prepared batch: every old version of its ids is replaced at once. */
  void apply(Batch batch) {
    if (!batch.ids().isEmpty()) {
      lucene.replace(ChunkDocuments.ids(batch.ids()), batch.documents());
    }
  }

  /** Runs {@code action} with other writes held off, after checking the index can still be written. */
  <T> T exclusively(Supplier<T> action) {
    return lucene.exclusively(action);
  }

  /** Options of a {@link Bm25Index}. Not thread-safe. */
  public static final class Builder {
    private Bm25Analyzer analyzer = DEFAULT_ANALYZER;
    private double k1 = DEFAULT_K1;
    private double b = DEFAULT_B;
    private Path folder;

    private Builder() {}

    /** How text is cut into terms (default {@link Bm25Analyzer#ENGLISH}); fixed for the life of a folder. */
    public Builder analyzer(Bm25Analyzer analyzer) {
      if (analyzer == null) {
        throw new IllegalArgumentException("analyzer must not be null");
      }
      this.analyzer = analyzer;
      return this;
    }

    /** Term-frequency saturation, a finite number >= 0 (default {@value Bm25Index#DEFAULT_K1}); 0 ignores frequency. */
    public Builder k1(double k1) {
      if (!Double.isFinite(k1) || k1 < 0) {
        throw new IllegalArgumentException("k1 must be a finite number >= 0, was " + k1);
      }
      this.k1 = k1;
      return this;
    }

    /** Length normalisation, from 0 (none) to 1 (full) (default {@value Bm25Index#DEFAULT_B}). */
    public Builder b(double b) {
      if (!(b >= 0 && b <= 1)) {
        throw new IllegalArgumentException("b must be between 0 and 1, was " + b);
      }
      this.b = b;
      return this;
    }

    /** The folder to persist in, created if missing and reopened if it holds an index. */
    public Builder folder(Path folder) {
      if (folder == null) {
        throw new IllegalArgumentException("folder must not be null");
      }
      if (Files.exists(folder) && !Files.isDirectory(folder)) {
        throw new IllegalArgumentException(folder + " is a file; give a folder for the BM25 index");
      }
      this.folder = folder;
      return this;
    }

    /**
     * Builds the index; with a folder, opens or creates it there.
     *
     * @throws IllegalArgumentException if the folder holds other files or an index made with another analyzer
     * @throws dev.quarry.api.FolderLockedException if the folder is open already, in this or another process
     * @throws IllegalStateException if SMART_CHINESE lacks its jar
     * @throws dev.quarry.api.IndexCorruptedException if the folder's index files are damaged
     */
    public Bm25Index build() {
      return new Bm25Index(this);
    }
  }
}
