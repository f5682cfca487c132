package dev.quarry.vectorstore;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.api.store.VectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Quarry's in-process vector store: exact (brute-force) search over vectors kept in memory, with metadata
 * filters, optionally saved to a snapshot file.
 *
 * <pre>{@code
 * try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(384).file(Path.of("store.qry")).build()) {
 *   store.upsert(records);
 *   List<SearchHit> hits = store.search(SearchRequest.builder(queryVector).k(5).build());
 * }   // close() saves
 * }</pre>
 *
 * <p>With a file, the builder loads the snapshot if it exists, {@link #save()} writes one atomically, and {@link
 * #close()} saves. Without a file the store lives in memory only.
 *
 * <p>Thread-safe: searches run concurrently under a read lock; writes take a write lock, so a search sees every
 * write that finished before it started and none that started after it. A batch is applied whole or not at all.
 */
public final class EmbeddedVectorStore implements VectorStore, AutoCloseable {
  private final int dimension;
  private final Metric metric;
  private final Optional<Path> file;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Integer> positions = new HashMap<>();
  private final Object saveLock = new Object();
  /** Writes since the last save; read and written under the locks. */
  private long unsavedWrites;

  /** A stored record: the chunk and its prepared vector (normalised for cosine). */
  private record Entry(Chunk chunk, float[] vector) {}

  private EmbeddedVectorStore(Builder b) {
    this.dimension = b.dimension;
    this.metric = b.metric;
    this.file = Optional.ofNullable(b.file);
    if (b.file != null && Files.exists(b.file)) {
      SnapshotFile.Contents contents = SnapshotFile.read(b.file);
      if (contents.dimension() != dimension || contents.metric() != metric) {
        throw new IllegalArgumentException(
            b.file + " holds " + contents.dimension() + "-d vectors with " + contents.metric()
                + ", but the store was built for " + dimension + "-d with " + metric);
      }
      for (VectorRecord record : contents.records()) {
        positions.put(record.id(), entries.size());
        entries.add(new Entry(record.chunk(), record.vector()));
      }
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

  @Override
  public void upsert(List<VectorRecord> records) {
    if (records == null) {
      throw new IllegalArgumentException("records must not be null");
    }
    List<Entry> prepared = new ArrayList<>(records.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < records.size(); i++) {
      VectorRecord record = records.get(i);
      if (record == null) {
        throw new IllegalArgumentException("record at index " + i + " is null");
      }
      if (record.dimension() != dimension) {
        throw new IllegalArgumentException(
            "record '" + record.id() + "' has " + record.dimension() + " dimensions, the store has " + dimension);
      }
      if (!ids.add(record.id())) {
        throw new IllegalArgumentException("id '" + record.id() + "' appears twice in one batch");
      }
      prepared.add(new Entry(record.chunk(), metric.prepare(record.vector())));
    }
    lock.writeLock().lock();
    try {
      unsavedWrites++;
      for (Entry entry : prepared) {
        Integer at = positions.get(entry.chunk().id());
        if (at != null) {
          entries.set(at, entry);
        } else {
          positions.put(entry.chunk().id(), entries.size());
          entries.add(entry);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    return search(request, SearchOptions.defaults());
  }

  /** Searches with per-query effort ({@code efSearch}, {@code nprobe}, or exact). */
  public List<SearchHit> search(SearchRequest request, SearchOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    if (request.dimension() != dimension) {
      throw new IllegalArgumentException(
          "query has " + request.dimension() + " dimensions, the store has " + dimension);
    }
    float[] query = metric.prepare(request.vector());
    Filter filter = request.filter().orElse(null);
    // Worst first: lowest score, and among equal scores the greatest id, so ties resolve by id whatever the order.
    Comparator<SearchHit> worstFirst =
        Comparator.comparingDouble(SearchHit::score).thenComparing(SearchHit::id, Comparator.reverseOrder());
    PriorityQueue<SearchHit> best = new PriorityQueue<>(worstFirst);
    lock.readLock().lock();
    try {
      for (Entry entry : entries) {
        if (filter != null && !filter.matches(entry.chunk().metadata())) {
          continue;
        }
        float score = metric.score(query, entry.vector());
        if (score < request.minScore()) {
          continue;
        }
        if (best.size() < request.k()) {
          best.add(new SearchHit(entry.chunk(), score));
        } else {
          SearchHit worst = best.peek();
          if (score > worst.score() || (score == worst.score() && entry.chunk().id().compareTo(worst.id()) < 0)) {
            best.poll();
            best.add(new SearchHit(entry.chunk(), score));
          }
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    List<SearchHit> hits = new ArrayList<>(best);
    hits.sort(Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(SearchHit::id));
    return hits;
  }

  @Override
  public int delete(Collection<String> ids) {
    if (ids == null) {
      throw new IllegalArgumentException("ids must not be null");
    }
    lock.writeLock().lock();
    try {
      int removed = 0;
      for (String id : ids) {
        Integer at = positions.remove(id);
        if (at != null) {
          removeAt(at);
          removed++;
        }
      }
      unsavedWrites += removed;
      return removed;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public int deleteWhere(Filter filter) {
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null");
    }
    lock.writeLock().lock();
    try {
      int removed = 0;
      for (int i = entries.size() - 1; i >= 0; i--) {
        Chunk chunk = entries.get(i).chunk();
        if (filter.matches(chunk.metadata())) {
          positions.remove(chunk.id());
          removeAt(i);
          removed++;
        }
      }
      unsavedWrites += removed;
      return removed;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Moves the last entry into the hole, so removal is O(1). Caller holds the write lock. */
  private void removeAt(int at) {
    Entry last = entries.remove(entries.size() - 1);
    if (at < entries.size()) {
      entries.set(at, last);
      positions.put(last.chunk().id(), at);
    }
  }

  @Override
  public long count() {
    lock.readLock().lock();
    try {
      return entries.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Writes the snapshot file atomically if anything changed since it was loaded or last saved; does nothing for a
   * memory-only store. Saves are serialised; searches go on meanwhile, writes wait.
   */
  public void save() {
    if (file.isEmpty()) {
      return;
    }
    synchronized (saveLock) {
      lock.readLock().lock();
      try {
        if (unsavedWrites == 0 && Files.exists(file.get())) {
          return;
        }
        List<VectorRecord> records = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
          records.add(new VectorRecord(entry.chunk(), entry.vector()));
        }
        SnapshotFile.write(file.get(), dimension, metric, records, records.size());
        unsavedWrites = 0; // no writer can run: we hold the read lock
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the store to " + file.get(), e);
      } finally {
        lock.readLock().unlock();
      }
    }
  }

  /** Saves if anything changed (when there is a file). */
  @Override
  public void close() {
    save();
  }

  /** Options of an {@link EmbeddedVectorStore}. Not thread-safe. */
  public static final class Builder {
    /** The metric used when none is set. */
    public static final Metric DEFAULT_METRIC = Metric.COSINE;

    private final int dimension;
    private Metric metric = DEFAULT_METRIC;
    private Path file;
    private IndexOptions index = IndexOptions.hnsw();

    private Builder(int dimension) {
      this.dimension = dimension;
    }

    public Builder metric(Metric metric) {
      if (metric == null) {
        throw new IllegalArgumentException("metric must not be null");
      }
      this.metric = metric;
      return this;
    }

    /** The index searched with (default {@link IndexOptions#hnsw()}). */
    public Builder index(IndexOptions index) {
      if (index == null) {
        throw new IllegalArgumentException("index must not be null");
      }
      this.index = index;
      return this;
    }

    /** The snapshot file to load from (if it exists) and save to. */
    public Builder file(Path file) {
      if (file == null) {
        throw new IllegalArgumentException("file must not be null");
      }
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException(file + " is a directory; give a file path");
      }
      this.file = file;
      return this;
    }

    /** Builds the store, loading the snapshot when the file exists. */
    public EmbeddedVectorStore build() {
      return new EmbeddedVectorStore(this);
    }
  }
}
