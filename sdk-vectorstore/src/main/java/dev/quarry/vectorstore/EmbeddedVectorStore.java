package dev.quarry.vectorstore;

import dev.quarry.api.StoreFailedException;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.TunableVectorStore;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.internal.index.Similarity;
import dev.quarry.vectorstore.internal.storage.LogEntry;
import dev.quarry.vectorstore.internal.storage.WriteAheadLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quarry's in-process vector store: HNSW, IVF or exact search over vectors kept in memory, with the chunks' text
 * and metadata, metadata filters, and optional crash-safe persistence in a folder.
 *
 * <pre>{@code
 * try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(384)
 *     .index(IndexOptions.hnsw())          // the default; or IndexOptions.exact(), IndexOptions.ivf()
 *     .folder(Path.of("my-store"))         // omit to keep the store in memory only
 *     .build()) {
 *   store.upsert(records);
 *   List<SearchHit> hits = store.search(SearchRequest.builder(queryVector).maxResults(5).build());
 * }
 * }</pre>
 *
 * <p><b>Persistence.</b> With a folder, every write is appended to a checksummed write-ahead log before it is
 * applied (and, under the default {@link FsyncPolicy#ALWAYS}, forced to disk before the call returns). The log is
 * folded into a checksummed snapshot, written to a temporary file and renamed into place, when it passes {@link
 * Builder#checkpointLogBytes} and on {@link #close()}; the snapshot keeps the index (the HNSW graph, the IVF
 * lists) so reopening does not rebuild it. The snapshot's vectors and int8 codes are in a sibling file that is
 * memory-mapped, not read onto the heap: the operating system's page cache holds them, so a store larger than the
 * heap opens and searches. Those of records written since the last checkpoint are in scratch files in the folder,
 * mapped and unlinked at once, until the next checkpoint; the heap holds neither. Reopening maps the vector file,
 * reads the rest of the snapshot and replays the log; a log cut short by a crash loses only the unacknowledged
 * write at its end (with a warning). A damaged file, a log damaged before its end, or a log that is missing while
 * it should hold writes raises {@link dev.quarry.api.IndexCorruptedException} naming the file (and the byte offset
 * of the damage) and changes nothing on disk; {@link Builder#truncateCorruptLog} opens such a store anyway,
 * dropping the damaged part of the log. A folder is owned by one open store at a time; a second open fails with
 * {@link dev.quarry.api.FolderLockedException}. The format is described in {@code docs/storage-format.md}.
 *
 * <p><b>Search.</b> Filters are evaluated during the search, on bitmaps of the metadata values for the keys
 * {@link Builder#metadataIndexing} indexes (all keys but nearly unique ones, by default), else on each record's
 * metadata. A filter that matches at most 5% of the records is answered by exact search over the matching ones,
 * and any search the index answers with fewer than {@code k} hits is answered exactly, so {@code k} hits come
 * back whenever {@code k} records match. Any {@code
 * k >= 1} is accepted: a search costs memory for at most as many hits as there are records, so {@code
 * Integer.MAX_VALUE} asks for every (matching) record. Scores are the {@link Metric}'s (for Euclidean, the negated
 * distance); hits with equal scores are listed by id, and exact search also decides by id which of equally scored
 * records make the cut. The hits come in an unmodifiable list.
 *
 * <p><b>Thread-safety and visibility.</b> Any number of searches run concurrently. Writes are serialised: a write
 * is validated, logged and indexed while searches go on (an HNSW batch is linked into the graph, an IVF batch
 * assigned to its lists), then made visible under an exclusive lock held only to swap it in. A search sees every
 * write that returned before it started, none that started after it finished, and a batch either whole or not at
 * all: while a batch is being indexed, searches see the records as they were before it. Replaced and deleted
 * records leave tombstones that searches skip; when they pass a quarter of the ordinals the records are
 * renumbered and the index rebuilt, inside the write that crossed the line, again while searches go on.
 *
 * <p><b>Failures while indexing.</b> A batch too large for the index is refused before it is logged. Should
 * indexing fail once it has begun (an {@link OutOfMemoryError}, say), that call and every later write or
 * checkpoint throw {@link StoreFailedException}; searches and reads go on over the records stored before the
 * batch, and {@link #close()} releases the folder without a checkpoint, so reopening it applies the batch from the
 * write-ahead log. An interrupt does not stop a batch being indexed: it is kept for the caller to see.
 *
 * <p><b>Bad input.</b> A batch with a vector of the wrong dimension, a non-finite component, a zero vector under
 * cosine, or the same id twice is rejected whole with an {@link IllegalArgumentException}, before anything is
 * logged; nothing already stored changes. Cosine normalises in double, so any other finite vector keeps its
 * direction, even with components near {@code Float.MAX_VALUE} or among the subnormals.
 */
public final class EmbeddedVectorStore implements TunableVectorStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedVectorStore.class);
  private final int dimension;
  private final Metric metric;
  private final IndexFactory indexes;
  private final long checkpointLogBytes;
  private final StoreFiles files;
  private final RecordTable table;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Serialises writers, checkpoints and close; held around the log append and the apply. */
  private final ReentrantLock writes = new ReentrantLock();
  private volatile boolean closed;

  private EmbeddedVectorStore(Builder b) {
    this.dimension = b.dimension;
    this.metric = b.metric;
    this.indexes = new IndexFactory(b.index, b.metric, b.metadataIndexing);
    this.checkpointLogBytes = b.checkpointLogBytes;
    if (b.folder == null) {
      this.files = null;
      this.table = new RecordTable(dimension, Similarity.of(metric), indexes);
    } else {
      StoreFiles.Opened opened = StoreFiles.open(b.folder, dimension, metric, indexes, b.fsync, b.truncateCorruptLog);
      this.files = opened.files();
      this.table = opened.table();
    }
  }

  /** Starts a store for vectors of {@code dimension} components. */
  public static Builder builder(int dimension) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be > 0, was " + dimension);
    }
    return new Builder(dimension);
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** The metric scores are computed with. */
  public Metric metric() {
    return metric;
  }

  /** The index searched with. */
  public IndexOptions index() {
    return indexes.options();
  }

  /**
   * Which metadata keys have bitmaps: the builder's choice, else the one saved in the folder, else {@link
   * MetadataIndexing#allKeys()}.
   */
  public MetadataIndexing metadataIndexing() {
    lock.readLock().lock();
    try {
      return MetadataIndexing.of(table.metadata());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The folder the store persists in, if any. */
  public Optional<Path> folder() {
    return files == null ? Optional.empty() : Optional.of(files.folder());
  }

  /**
   * When the folder's current snapshot was written: the last checkpoint, or the folder's creation if there was
   * none yet (writes since then are in the write-ahead log). Empty in memory.
   */
  public Optional<Instant> lastCheckpoint() {
    return files == null ? Optional.empty() : Optional.of(files.lastCheckpoint());
  }

  /** How many vectors and int8 codes are on the heap: an in-memory store's, none of a persistent one. For tests. */
  int heapRows() {
    lock.readLock().lock();
    try {
      return table.heapRows();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * How many vectors and int8 codes are not memory-mapped from the vector file: those written since the last
   * checkpoint (in scratch files for a persistent store). For tests.
   */
  int unmappedRows() {
    lock.readLock().lock();
    try {
      return table.unmappedRows();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether the store is open: true until {@link #close()}. */
  public boolean isOpen() {
    return !closed;
  }

  /**
   * Inserts or replaces {@code records}, as one atomic batch. With a folder the batch is in the write-ahead log
   * (and on disk, under {@link FsyncPolicy#ALWAYS}) when this returns.
   *
   * @throws IllegalArgumentException for a null record, a vector of the wrong dimension, a zero vector under
   *     cosine, an id that appears twice in the batch, or (with a folder) a batch whose log record would pass 2
   *     GiB (vectors, chunk texts and metadata; 1.3 million 384-d vectors with no text would); nothing is stored
   *     then (non-finite components are refused when
   *     the {@link VectorRecord} is made)
   */
  @Override
  public void upsert(List<VectorRecord> records) {
    List<RecordTable.Prepared> prepared = RecordTable.prepare(records, dimension, metric);
    if (prepared.isEmpty()) {
      return;
    }
    writes.lock();
    try {
      ensureWritable();
      table.reserve(prepared.size()); // a batch the index cannot hold is refused before it is logged
      if (files != null) {
        files.log(new LogEntry.Upsert(records));
      }
      RecordTable.Staged staged = stage(prepared); // searches go on while the batch is indexed
      exclusively(() -> table.commit(staged));
      compactIfNeeded();
      checkpointIfLogIsLong();
    } finally {
      writes.unlock();
    }
  }

  /** Stages a batch; a failure that breaks the table fails the store for writes (see {@link #ensureWritable}). */
  private RecordTable.Staged stage(List<RecordTable.Prepared> prepared) {
    try {
      return table.stage(prepared);
    } catch (RuntimeException | Error e) {
      if (table.brokenBy() != null) {
        throw indexingFailed();
      }
      throw e;
    }
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    return search(request, SearchOptions.defaults());
  }

  /** Searches with per-query effort: {@code efSearch} for HNSW, {@code nprobe} for IVF, or exact search. */
  @Override
  public List<SearchHit> search(SearchRequest request, SearchOptions options) {
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    if (request.dimension() != dimension) {
      throw new IllegalArgumentException(
          "query has " + request.dimension() + " dimensions, the store has " + dimension);
    }
    float[] query = metric.prepare(request.vector());
    Filter filter = request.filter().orElse(null);
    lock.readLock().lock();
    try {
      ensureOpen();
      return List.copyOf(table.search(query, request.maxResults(), filter, request.minScore(), options));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The records under {@code ids}, in that order; under cosine their vectors are the unit-length ones kept. */
  @Override
  public List<VectorRecord> get(Collection<String> ids) {
    Set<String> unique = distinct(ids);
    lock.readLock().lock();
    try {
      ensureOpen();
      return unique.stream().map(table::record).flatMap(Optional::stream).toList();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public int delete(Collection<String> ids) {
    Set<String> unique = distinct(ids);
    writes.lock();
    try {
      ensureWritable();
      List<String> present = unique.stream().filter(table::contains).toList();
      return deleteLogged(present);
    } finally {
      writes.unlock();
    }
  }

  @Override
  public int deleteWhere(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    writes.lock();
    try {
      ensureWritable();
      return deleteLogged(table.idsMatching(filter)); // no writer can change the table meanwhile
    } finally {
      writes.unlock();
    }
  }

  private static Set<String> distinct(Collection<String> ids) {
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
    return unique;
  }

  private int deleteLogged(List<String> present) {
    if (present.isEmpty()) {
      return 0;
    }
    if (files != null) {
      files.log(new LogEntry.Delete(present));
    }
    int[] removed = new int[1];
    exclusively(() -> removed[0] = table.delete(present));
    compactIfNeeded();
    checkpointIfLogIsLong();
    return removed[0];
  }

  /** Compacts when tombstones pass a quarter of the ordinals: rebuilt while searches go on, swapped in at once. */
  private void compactIfNeeded() {
    RecordTable.Compacted compacted = table.compaction();
    if (compacted != null) {
      exclusively(() -> table.install(compacted));
    }
  }

  @Override
  public long count() {
    lock.readLock().lock();
    try {
      ensureOpen();
      return table.count();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Folds the write-ahead log into a new snapshot now (a no-op in memory). Searches go on meanwhile; writes
   * wait. Also done automatically when the log passes {@link Builder#checkpointLogBytes} and on close.
   */
  public void checkpoint() {
    writes.lock();
    try {
      ensureWritable();
      if (files != null) {
        files.checkpoint(table); // writers are excluded, so the table is stable; readers may go on
      }
    } finally {
      writes.unlock();
    }
  }

  /** Checkpoints if the log holds anything, releases the folder, and makes further calls fail. Idempotent. */
  @Override
  public void close() {
    writes.lock();
    try {
      if (closed) {
        return;
      }
      try {
        // A broken table is not checkpointed: the log keeps the failed batch for the next open.
        if (files != null && table.brokenBy() == null && files.logBytes() > WriteAheadLog.HEADER_BYTES) {
          files.checkpoint(table);
        }
      } finally {
        closed = true;
        if (files != null) {
          files.close();
        }
      }
    } finally {
      writes.unlock();
    }
  }

  /**
   * The automatic checkpoint after a write. The write is already durable in the log, so a failure here is logged
   * rather than thrown (the next write or close tries again).
   */
  private void checkpointIfLogIsLong() {
    if (files != null && table.brokenBy() == null && files.logBytes() >= checkpointLogBytes) {
      try {
        files.checkpoint(table);
      } catch (RuntimeException e) {
        LOG.warn("{}: checkpoint failed, the write-ahead log keeps the writes: {}", files.folder(), e.toString());
      }
    }
  }

  private void exclusively(Runnable change) {
    lock.writeLock().lock();
    try {
      change.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the store is closed");
    }
  }

  /** {@link #ensureOpen}, and that no batch failed while it was indexed. */
  private void ensureWritable() {
    ensureOpen();
    if (table.brokenBy() != null) {
      throw indexingFailed();
    }
  }

  private StoreFailedException indexingFailed() {
    Throwable cause = table.brokenBy();
    String recovery = files != null
        ? "the batch is in the write-ahead log: close the store and open the folder again to apply it"
        : "build a new store";
    return new StoreFailedException(files == null ? null : files.folder(), "indexing a batch failed (" + cause
        + "); searches go on over the records stored before it, but the store takes no more writes: " + recovery,
        cause);
  }

  @Override
  public String toString() {
    return "EmbeddedVectorStore[" + dimension + "-d, " + metric + ", " + indexes.options()
        + (files == null ? ", in memory" : ", " + files.folder()) + "]";
  }

  /** Options of an {@link EmbeddedVectorStore}. Not thread-safe. */
  public static final class Builder {
    /** The metric used when none is set. */
    public static final Metric DEFAULT_METRIC = Metric.COSINE;
    /** Log size that triggers a checkpoint when none is set: 64 MiB. */
    public static final long DEFAULT_CHECKPOINT_LOG_BYTES = 64L << 20;

    private final int dimension;
    private Metric metric = DEFAULT_METRIC;
    private IndexOptions index = IndexOptions.hnsw();
    /** Null: as the folder saved it, else {@link MetadataIndexing#allKeys()}. */
    private MetadataIndexing metadataIndexing;
    private Path folder;
    private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
    private long checkpointLogBytes = DEFAULT_CHECKPOINT_LOG_BYTES;
    private boolean truncateCorruptLog;

    private Builder(int dimension) {
      this.dimension = dimension;
    }

    /** How vectors are compared (default {@link Metric#COSINE}); fixed for the life of a folder. */
    public Builder metric(Metric metric) {
      if (metric == null) {
        throw new IllegalArgumentException("metric must not be null");
      }
      this.metric = metric;
      return this;
    }

    /**
     * The index searched with (default {@link IndexOptions#hnsw()}). Reopening a folder with other index options
     * than it was saved with rebuilds the index once.
     */
    public Builder index(IndexOptions index) {
      if (index == null) {
        throw new IllegalArgumentException("index must not be null");
      }
      this.index = index;
      return this;
    }

    /**
     * Which metadata keys get bitmaps for fast filters. Filters on other keys read the records' metadata and give
     * the same hits. When none is set, a folder keeps the choice saved in it, and a new store takes {@link
     * MetadataIndexing#allKeys()} (every key whose values are not nearly unique). Reopening a folder with another
     * choice than it was saved with builds the bitmaps again, once.
     */
    public Builder metadataIndexing(MetadataIndexing metadataIndexing) {
      if (metadataIndexing == null) {
        throw new IllegalArgumentException("metadataIndexing must not be null");
      }
      this.metadataIndexing = metadataIndexing;
      return this;
    }

    /** The folder to persist in, created if missing and opened (recovered) if it holds a store. */
    public Builder folder(Path folder) {
      if (folder == null) {
        throw new IllegalArgumentException("folder must not be null");
      }
      if (Files.exists(folder) && !Files.isDirectory(folder)) {
        throw new IllegalArgumentException(folder + " is a file; give a folder for the store");
      }
      this.folder = folder;
      return this;
    }

    /** When the write-ahead log is forced to disk (default {@link FsyncPolicy#ALWAYS}). */
    public Builder fsync(FsyncPolicy fsync) {
      if (fsync == null) {
        throw new IllegalArgumentException("fsync must not be null");
      }
      this.fsync = fsync;
      return this;
    }

    /** Log size, in bytes, after which a write folds the log into a new snapshot (default 64 MiB). */
    public Builder checkpointLogBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("checkpointLogBytes must be >= 1024, was " + bytes);
      }
      this.checkpointLogBytes = bytes;
      return this;
    }

    /**
     * Recovery from a damaged write-ahead log, for when the log cannot be restored (default {@code false}). Opening
     * normally refuses a log damaged before its end (a torn tail, what a crash leaves, is always cut), and a log
     * that is missing when it should hold writes, and leaves the files as they are. With {@code true} the log is
     * instead cut at its first damaged record, keeping the records before it, and a missing log is started afresh;
     * a warning names the file, the byte offset and the bytes cut. The writes after the damage are lost. A damaged
     * snapshot, or a log header that does not match it, is still refused.
     */
    public Builder truncateCorruptLog(boolean truncate) {
      this.truncateCorruptLog = truncate;
      return this;
    }

    /**
     * Builds the store; with a folder, opens or creates it there.
     *
     * @throws IllegalArgumentException if the folder holds a store of another dimension or metric
     * @throws dev.quarry.api.FolderLockedException if the folder is already open, in this or another process
     * @throws dev.quarry.api.IndexCorruptedException if a file of the folder is damaged, or its log is missing
     */
    public EmbeddedVectorStore build() {
      return new EmbeddedVectorStore(this);
    }
  }
}
