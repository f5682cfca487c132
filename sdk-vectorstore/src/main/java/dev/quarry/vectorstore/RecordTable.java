package dev.quarry.vectorstore;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.internal.filter.MetadataIndex;
import dev.quarry.vectorstore.internal.index.Accept;
import dev.quarry.vectorstore.internal.index.CodeRows;
import dev.quarry.vectorstore.internal.index.ExactIndex;
import dev.quarry.vectorstore.internal.index.Neighbors;
import dev.quarry.vectorstore.internal.index.Similarity;
import dev.quarry.vectorstore.internal.index.VectorIndex;
import dev.quarry.vectorstore.internal.index.VectorSet;
import dev.quarry.vectorstore.internal.storage.VectorFile;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The records of a store by ordinal: chunks, prepared vectors, the id → ordinal map, and the index over them.
 * Replacing or deleting a record leaves a tombstone (its chunk slot becomes null; the vector stays, since a graph
 * may route through it); once tombstones pass a quarter of the ordinals the table is compacted: live records are
 * renumbered and the index rebuilt.
 *
 * <p>Search routing: exact search when asked for, for the exact index, and for filters that match at most {@link
 * #EXACT_FILTER_SELECTIVITY} of the records; otherwise the index, with deleted and non-matching records walked
 * through but not returned. How many records a filter matches comes from the {@link MetadataIndex} when it can
 * bound the filter (the exact search then scores only its ordinals, and the walk checks its bitmap), else from a
 * fixed sample of ordinals (and each record's metadata is read). If the index returns fewer than {@code k} hits,
 * the query is answered exactly, so {@code k} hits come back whenever {@code k} records match.
 *
 * <p>Writes come in two steps, so that searches go on while a batch is indexed: {@link #stage} appends the batch's
 * vectors and indexes them, changing nothing searches see; {@link #commit} then makes the batch visible at once
 * (chunks, ids, tombstones of the records it replaces, the index's published state). Compaction is split the same
 * way ({@link #compaction}, {@link #install}).
 *
 * <p>Thread-safety: one writer at a time (the store's write mutex). {@link #stage} and {@link #compaction} may run
 * beside searches; {@link #commit}, {@link #install} and {@link #delete} run with searches excluded (the store's
 * write lock); searches and reads run under its read lock and see the last commit.
 */
final class RecordTable {
  static final double EXACT_FILTER_SELECTIVITY = 0.05;
  private static final int SELECTIVITY_SAMPLE = 256;
  /** A batch of at least 1/{@value} of the id map builds a copy of the map beside searches (see {@link Staged}). */
  private static final int ID_MAP_COPY_SHARE = 8;

  /**
   * A record checked for the store: its chunk and a read-only view of its vector as given, which {@link #stage}
   * prepares for the metric as it stores it (so a batch's vectors are not copied onto the heap on the way).
   */
  record Prepared(Chunk chunk, FloatBuffer vector) {}

  /**
   * A batch whose vectors are appended (from ordinal {@code first}) and indexed, not yet visible, with what its
   * commit swaps in, prepared beside searches: the chunk array with the batch's slots filled (the table's own, or
   * a larger copy), the ordinals of the records it replaces (-1 where the id is new), the id map with the batch in
   * (a copy, for a batch large against the map; null to put the ids in place), and the batch's metadata postings.
   */
  record Staged(List<Prepared> records, int first, Chunk[] chunks, int[] replaced, Map<String, Integer> ordinals,
      MetadataIndex.Batch metadata) {}

  /** A compacted copy of the table's live records, renumbered, with its indexes built and published. */
  record Compacted(VectorSet vectors, Chunk[] chunks, Map<String, Integer> ordinals, VectorIndex index,
      MetadataIndex metadata) {}

  private final Similarity similarity;
  private final IndexFactory indexes;
  private VectorSet vectors;
  private Chunk[] chunks;
  private Map<String, Integer> ordinals;
  private VectorIndex index;
  private MetadataIndex metadata;
  /** Ordinals searches see: those of committed batches. */
  private int committed;
  private Throwable brokenBy;
  private int deleted;

  RecordTable(int dimension, Similarity similarity, IndexFactory indexes) {
    this.similarity = similarity;
    this.indexes = indexes;
    this.vectors = new VectorSet(dimension, 16);
    this.chunks = new Chunk[16];
    this.ordinals = new HashMap<>();
    this.index = indexes.create(vectors);
    this.metadata = indexes.createMetadataIndex();
  }

  /**
   * A table restored from a snapshot: {@code chunks[i]} null for a tombstone; {@code metadata} the snapshot's
   * metadata index over them, or null to build one from the chunks.
   */
  RecordTable(Similarity similarity, IndexFactory indexes, VectorSet vectors, Chunk[] chunks, VectorIndex index,
      MetadataIndex metadata) {
    this.similarity = similarity;
    this.indexes = indexes;
    this.vectors = vectors;
    this.chunks = Arrays.copyOf(chunks, Math.max(16, chunks.length));
    this.ordinals = new HashMap<>();
    this.metadata = metadata == null ? indexes.createMetadataIndex() : metadata;
    for (int ord = 0; ord < vectors.size(); ord++) {
      if (chunks[ord] != null) {
        ordinals.put(chunks[ord].id(), ord);
        if (metadata == null) {
          this.metadata.add(ord, chunks[ord].metadata());
        }
      } else {
        deleted++;
      }
    }
    this.index = index;
    this.committed = vectors.size();
  }

  /**
   * Validates a batch for a store of {@code dimension} and {@code metric}; copies no vector.
   *
   * @throws IllegalArgumentException for a null batch or record, a vector of the wrong dimension, one the metric
   *     cannot take (a zero vector under cosine), or an id that appears twice
   */
  static List<Prepared> prepare(List<VectorRecord> records, int dimension, Metric metric) {
    if (records == null) {
      throw new IllegalArgumentException("records must not be null");
    }
    List<Prepared> prepared = new ArrayList<>(records.size());
    Set<String> ids = new HashSet<>();
    float[] check = new float[dimension];
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
      FloatBuffer vector = record.vectorView();
      try {
        metric.prepare(vector, check);
        prepared.add(new Prepared(record.chunk(), vector));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("record '" + record.id() + "': " + e.getMessage(), e);
      }
    }
    return prepared;
  }

  int count() {
    return ordinals.size();
  }

  /** Ordinals in use, live or not, as searches see them. */
  int ordinalCount() {
    return committed;
  }

  VectorSet vectors() {
    return vectors;
  }

  VectorIndex index() {
    return index;
  }

  /** The metadata index; changed only by writes, which the caller excludes while it reads it. */
  MetadataIndex metadata() {
    return metadata;
  }

  /** The chunk at an ordinal, or null for a tombstone. */
  Chunk chunkAt(int ordinal) {
    return chunks[ordinal];
  }

  /** The record stored under {@code id}, its vector as prepared for the metric. */
  Optional<VectorRecord> record(String id) {
    Integer ord = ordinals.get(id);
    return ord == null ? Optional.empty() : Optional.of(new VectorRecord(chunks[ord], vectors.get(ord)));
  }

  boolean contains(String id) {
    return ordinals.containsKey(id);
  }

  /** Stages, commits and compacts a batch: for a caller that no search runs beside (replaying the log). */
  void upsert(List<Prepared> records) {
    commit(stage(records));
    compactIfNeeded();
  }

  /** {@link #compaction} and {@link #install}: for a caller that no search runs beside. */
  void compactIfNeeded() {
    Compacted compacted = compaction();
    if (compacted != null) {
      install(compacted);
    }
  }

  /**
   * Appends a batch's vectors and indexes them; searches see none of it until {@link #commit}. If the index cannot
   * hold the batch, throws with nothing changed. If indexing fails once vectors are appended, the table is {@link
   * #brokenBy broken}: searches still see the committed records, but it takes no more batches.
   */
  Staged stage(List<Prepared> records) {
    if (brokenBy != null) {
      throw new IllegalStateException("an earlier batch failed while it was indexed", brokenBy);
    }
    int first = vectors.size();
    index.reserve(first + records.size());
    Metric metric = indexes.metric();
    // A vector set that copies what it is given (into scratch files) takes every vector through one array.
    float[] scratch = vectors.copiesOnAdd() ? new float[vectors.dimension()] : null;
    try {
      for (Prepared record : records) {
        float[] prepared = scratch != null ? scratch : new float[vectors.dimension()];
        metric.prepare(record.vector(), prepared);
        vectors.add(prepared);
      }
      index.prepareUpTo(vectors.size());
      return prepareCommit(records, first);
    } catch (RuntimeException | Error e) {
      brokenBy = e;
      throw e;
    }
  }

  /**
   * What {@link #commit} swaps in for a staged batch, made while searches go on. They read neither the chunk slots
   * from {@code first} on (no ordinal they reach is that high until the commit) nor anything else changed here.
   */
  private Staged prepareCommit(List<Prepared> records, int first) {
    int end = first + records.size();
    Chunk[] target = chunks.length >= end ? chunks
        : Arrays.copyOf(chunks, Math.max(end, chunks.length + (chunks.length >> 1)));
    int[] replaced = new int[records.size()];
    MetadataIndex.Batch postings = metadata.newBatch();
    boolean copyIds = (long) records.size() * ID_MAP_COPY_SHARE >= ordinals.size();
    Map<String, Integer> ids = null;
    if (copyIds) {
      ids = HashMap.newHashMap(ordinals.size() + records.size());
      ids.putAll(ordinals);
    }
    for (int i = 0; i < records.size(); i++) {
      Chunk chunk = records.get(i).chunk();
      int ord = first + i;
      target[ord] = chunk;
      Integer old = ordinals.get(chunk.id());
      replaced[i] = old == null ? -1 : old;
      postings.add(ord, chunk.metadata());
      if (ids != null) {
        ids.put(chunk.id(), ord);
      }
    }
    return new Staged(records, first, target, replaced, ids, postings);
  }

  /**
   * Makes room for {@code count} more records (and their vectors' scratch files), or throws with nothing
   * changed; the store calls it before it logs a batch, so a batch the index cannot hold, or a full disk cannot
   * take, never reaches the write-ahead log.
   */
  void reserve(int count) {
    index.reserve(vectors.size() + count);
    vectors.reserve(vectors.size() + count);
  }

  /** Why indexing a batch failed, leaving vectors that no record owns; null while the table is sound. */
  Throwable brokenBy() {
    return brokenBy;
  }

  /**
   * Makes a staged batch visible to searches, replacing the records with the same ids: swaps in what {@link
   * #stage} prepared, so that the work done here, with searches excluded, is the tombstones of replaced records,
   * a union per metadata value, and (for a batch small against the store) putting its ids in the map.
   */
  void commit(Staged staged) {
    Chunk[] target = staged.chunks();
    for (int i = 0; i < staged.replaced().length; i++) {
      int old = staged.replaced()[i];
      if (old >= 0) {
        target[old] = null;
        metadata.remove(old);
        deleted++;
      }
    }
    if (staged.ordinals() != null) {
      ordinals = staged.ordinals();
    } else {
      for (int i = 0; i < staged.records().size(); i++) {
        ordinals.put(staged.records().get(i).chunk().id(), staged.first() + i);
      }
    }
    metadata.merge(staged.metadata());
    chunks = target;
    index.publish();
    committed = vectors.size();
  }

  /**
   * Takes the vectors and codes a checkpoint just wrote to its vector file off the heap: they are read from the
   * mapped file from now on, and later ones go to scratch files in {@code folder}. Called with writers excluded;
   * searches may run meanwhile.
   */
  void moveOffHeap(VectorFile.Mapped mapped, Path folder) {
    vectors.moveOffHeap(mapped.vectors(), folder);
    CodeRows codes = index.codes();
    if (codes != null && mapped.codes().count() > 0) {
      codes.moveOffHeap(mapped.codes(), folder);
    }
  }

  /** How many vectors and int8 codes are on the heap: an in-memory store's. */
  int heapRows() {
    CodeRows codes = index.codes();
    return vectors.heapCount() + (codes == null ? 0 : codes.heapCount());
  }

  /** How many vectors and int8 codes are not in a mapped vector file: written since the last checkpoint. */
  int unmappedRows() {
    CodeRows codes = index.codes();
    return vectors.unmappedCount() + (codes == null ? 0 : codes.unmappedCount());
  }

  /** Removes the records with these ids; returns how many existed. */
  int delete(Collection<String> ids) {
    int removed = 0;
    for (String id : ids) {
      Integer ord = ordinals.remove(id);
      if (ord != null) {
        chunks[ord] = null;
        metadata.remove(ord);
        deleted++;
        removed++;
      }
    }
    return removed;
  }

  /** Ids of the live records whose metadata match. */
  List<String> idsMatching(Filter filter) {
    List<String> ids = new ArrayList<>();
    Candidates candidates = candidates(filter);
    PeekableIntIterator ords = candidates.ordinals() == null ? null : candidates.ordinals().getIntIterator();
    for (int next = 0; ords == null ? next < committed : ords.hasNext(); next++) {
      int ord = ords == null ? next : ords.next();
      if (candidates.check().test(ord)) {
        ids.add(chunks[ord].id());
      }
    }
    return ids;
  }

  /**
   * When tombstones pass a quarter of the ordinals, a compacted copy of the live records with a fresh index, built
   * without changing this table (searches go on); else null. {@link #install} puts it in place.
   */
  Compacted compaction() {
    if (deleted == 0 || deleted * 4L <= committed) {
      return null;
    }
    VectorSet live = vectors.emptyLike(ordinals.size());
    Chunk[] liveChunks = new Chunk[Math.max(16, ordinals.size())];
    Map<String, Integer> liveOrdinals = new HashMap<>();
    MetadataIndex liveMetadata = metadata.emptyLike();
    for (int ord = 0; ord < committed; ord++) {
      if (chunks[ord] != null) {
        int at = live.add(vectors.get(ord));
        liveChunks[at] = chunks[ord];
        liveOrdinals.put(chunks[ord].id(), at);
        liveMetadata.add(at, chunks[ord].metadata());
      }
    }
    VectorIndex rebuilt = indexes.create(live);
    rebuilt.addUpTo(live.size());
    return new Compacted(live, liveChunks, liveOrdinals, rebuilt, liveMetadata);
  }

  /** Replaces the table's contents with a compaction of them (no write may come between the two). */
  void install(Compacted compacted) {
    vectors = compacted.vectors();
    chunks = compacted.chunks();
    ordinals = compacted.ordinals();
    index = compacted.index();
    metadata = compacted.metadata();
    committed = vectors.size();
    deleted = 0;
  }

  /**
   * The best hits, at most {@code k}. No search can return more than the live records, so a larger {@code k} is
   * searched as their count: what a search allocates follows {@code min(k, count())}, whatever {@code k} is.
   *
   * @throws IllegalArgumentException if {@code k < 1}
   */
  List<SearchHit> search(float[] query, int requestedK, Filter filter, double minScore, SearchOptions options) {
    if (requestedK < 1) {
      throw new IllegalArgumentException("k must be >= 1 (a k above the record count returns every record), was "
          + requestedK);
    }
    int k = Math.min(requestedK, ordinals.size());
    if (k == 0) {
      return new ArrayList<>();
    }
    Candidates candidates = candidates(filter);
    // Asked for every record, an index would have to visit them all anyway: scoring them is cheaper and exact.
    boolean exact = options.exact() || index instanceof ExactIndex || k == ordinals.size()
        || candidates.share() <= EXACT_FILTER_SELECTIVITY;
    Neighbors found = exact ? exactScan(query, k, candidates) : index.search(query, k, candidates.accept(), options);
    if (!exact && found.size() < k) {
      found = exactScan(query, k, candidates);
    }
    List<SearchHit> hits = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      float score = similarity.toMetricScore(found.scores()[i]);
      if (score >= minScore) {
        hits.add(new SearchHit(chunks[found.nodes()[i]], score));
      }
    }
    hits.sort(Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(SearchHit::id));
    return hits;
  }

  /**
   * The records a search may return: {@code ordinals} (null for every ordinal) narrowed by {@code check}; {@code
   * accept} tells a graph walk whether to return an ordinal; {@code share} is the (estimated) share of ordinals
   * that match, which routes the search.
   */
  private record Candidates(RoaringBitmap ordinals, Accept check, Accept accept, double share) {}

  /**
   * The candidates for a filter: from the metadata index when it can bound the filter (exact, or a superset whose
   * records are checked), else every ordinal, checked against the filter, with its share estimated on a sample.
   */
  private Candidates candidates(Filter filter) {
    Accept live = deleted == 0 ? Accept.ALL : ord -> chunks[ord] != null;
    if (filter == null) {
      return new Candidates(null, live, live, 1);
    }
    Accept matching = ord -> {
      Chunk chunk = chunks[ord];
      return chunk != null && filter.matches(chunk.metadata());
    };
    MetadataIndex.Match match = metadata.evaluate(filter);
    if (match == null) {
      return new Candidates(null, matching, matching, estimatedSelectivity(filter));
    }
    RoaringBitmap bitmap = match.ordinals();
    double share = bitmap.getLongCardinality() / (double) Math.max(1, committed);
    return match.exact() ? new Candidates(bitmap, Accept.ALL, bitmap::contains, share)
        : new Candidates(bitmap, matching, ord -> bitmap.contains(ord) && matching.test(ord), share);
  }

  /**
   * Scores every candidate; the best {@code k}, with equal scores at the cut decided by id (so the result does not
   * depend on insertion order). Only records that reach the heap's worst score compare ids.
   */
  private Neighbors exactScan(float[] query, int k, Candidates candidates) {
    record Candidate(float score, int ord) {}
    Comparator<Candidate> worstFirst = Comparator.comparingDouble(Candidate::score)
        .thenComparing(c -> chunks[c.ord()].id(), Comparator.reverseOrder());
    PriorityQueue<Candidate> best = new PriorityQueue<>(Math.min(k, committed) + 1, worstFirst);
    float worst = Float.NEGATIVE_INFINITY;
    PeekableIntIterator ords = candidates.ordinals() == null ? null : candidates.ordinals().getIntIterator();
    Accept check = candidates.check();
    float[] scratch = new float[vectors.dimension()];
    for (int next = 0; ords == null ? next < committed : ords.hasNext(); next++) {
      int ord = ords == null ? next : ords.next();
      if (!check.test(ord)) {
        continue;
      }
      float score = similarity.score(query, vectors.get(ord, scratch));
      if (best.size() < k) {
        best.add(new Candidate(score, ord));
        worst = best.peek().score();
      } else if (score >= worst) {
        Candidate candidate = new Candidate(score, ord);
        if (worstFirst.compare(candidate, best.peek()) > 0) {
          best.poll();
          best.add(candidate);
          worst = best.peek().score();
        }
      }
    }
    int n = best.size();
    int[] nodes = new int[n];
    float[] scores = new float[n];
    for (int i = n - 1; i >= 0; i--) {
      Candidate c = best.poll();
      nodes[i] = c.ord();
      scores[i] = c.score();
    }
    return new Neighbors(nodes, scores);
  }

  /** The share of ordinals, on an evenly spread sample, that are live and match. */
  private double estimatedSelectivity(Filter filter) {
    int size = committed;
    int samples = Math.min(size, SELECTIVITY_SAMPLE);
    if (samples == 0) {
      return 0;
    }
    int matches = 0;
    for (int i = 0; i < samples; i++) {
      Chunk chunk = chunks[(int) ((long) i * size / samples)];
      if (chunk != null && filter.matches(chunk.metadata())) {
        matches++;
      }
    }
    return matches / (double) samples;
  }
}
