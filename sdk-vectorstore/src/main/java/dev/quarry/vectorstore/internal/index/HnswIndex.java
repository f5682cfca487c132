package dev.quarry.vectorstore.internal.index;

import dev.quarry.api.store.SearchOptions;
import dev.quarry.vectorstore.HnswOptions;
import dev.quarry.vectorstore.Quantization;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hierarchical navigable small-world graph (Malkov and Yashunin, 2016) over a {@link VectorSet}.
 *
 * <p>The lists live in an {@link HnswGraph}. A new node links to at most {@code m} neighbours per layer, chosen by the diversity
 * heuristic; a neighbour whose list overflows ({@code 2m} on the bottom layer, {@code m} above) is pruned with the
 * same heuristic. Levels come from a hash of the seed and the ordinal, so they never depend on timing.
 *
 * <p>With {@link Quantization#INT8} (the default), searches walk and rank on int8 codes of the vectors ({@link
 * Int8Codes}, a quarter of the memory traffic) and re-score their best candidates ({@link #rescoreDepth}) on the
 * floats; inserts always use the floats, so the graph does not depend on the quantization.
 *
 * <p>Large batches are linked by several threads, each inserting whole nodes; they read and write neighbour
 * lists under per-node striped locks. Searches run only when no insert is in progress (the store's lock), so
 * they read the lists without locking.
 *
 * <p>Internal, not API; thread-safety as {@link VectorIndex}.
 */
public final class HnswIndex implements VectorIndex {
  private static final int PARALLEL_BATCH = 2048;
  /**
   * Searched bytes (vectors or codes) above which a walk touches each batch of neighbours before scoring it, so
   * their memory loads overlap; below it they sit in cache and touching only costs time.
   */
  private static final long PREFETCH_THRESHOLD_BYTES = 8L << 20;
  /** Nodes needed before int8 codes are trained, and the most vectors they are trained on. */
  static final int CODES_TRAINING_THRESHOLD = 1024;
  private static final int CODES_TRAINING_SAMPLE = 32_768;

  private final VectorSet vectors;
  private final Similarity similarity;
  private final HnswOptions options;
  private final int m;
  private final int m0;
  private final double levelScale;
  private final HnswGraph graph;
  /** Entry point and top level, packed (level << 32 | node) so both change at once; -1 when empty. */
  private final AtomicLong entry = new AtomicLong(-1);
  private final ThreadLocal<HnswWorkspace> workspaces;

  private int size;
  private long prefetchThresholdBytes = PREFETCH_THRESHOLD_BYTES;
  /** Int8 codes searches walk on, once trained; null without quantization or before training. */
  private Int8Codes codes;

  public HnswIndex(VectorSet vectors, Similarity similarity, HnswOptions options) {
    this(vectors, similarity, options, new HnswGraph(options.m()));
  }

  private HnswIndex(VectorSet vectors, Similarity similarity, HnswOptions options, HnswGraph graph) {
    this.vectors = vectors;
    this.similarity = similarity;
    this.options = options;
    this.m = options.m();
    this.m0 = 2 * options.m();
    int slots = m0;
    this.workspaces = ThreadLocal.withInitial(() -> new HnswWorkspace(slots));
    this.levelScale = 1 / Math.log(m);
    this.graph = graph;
  }

  @Override
  public String kind() {
    return "hnsw";
  }

  public HnswOptions options() {
    return options;
  }

  /** Nodes in the graph. */
  public int size() {
    return size;
  }

  @Override
  public void addUpTo(int newSize) {
    if (newSize <= size) {
      return;
    }
    graph.ensureCapacity(newSize);
    int from = size;
    int threads = Math.min(options.buildThreads(), (newSize - from) / PARALLEL_BATCH + 1);
    if (threads <= 1) {
      HnswWorkspace workspace = new HnswWorkspace(m0);
      for (int node = from; node < newSize; node++) {
        insert(node, workspace);
      }
    } else {
      insertInParallel(from, newSize, threads);
    }
    size = newSize;
    encodeNodes();
  }

  /** Trains the int8 codes once there are enough nodes, and encodes the nodes that have none. */
  private void encodeNodes() {
    if (options.quantization() != Quantization.INT8) {
      codes = null;
      return;
    }
    if (codes == null && size >= CODES_TRAINING_THRESHOLD) {
      codes = Int8Codes.train(vectors, size, CODES_TRAINING_SAMPLE, options.seed(), similarity);
    }
    if (codes != null) {
      codes.encodeUpTo(vectors, size);
    }
  }

  private void insertInParallel(int from, int to, int threads) {
    // A small graph is grown single-threaded first, so parallel inserts start from a connected core.
    HnswWorkspace first = new HnswWorkspace(m0);
    for (; from < Math.min(to, 1024); from++) {
      insert(from, first);
    }
    AtomicInteger next = new AtomicInteger(from);
    graph.building(true);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "quarry-hnsw-build");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          HnswWorkspace workspace = new HnswWorkspace(m0);
          for (int node = next.getAndIncrement(); node < to; node = next.getAndIncrement()) {
            insert(node, workspace);
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the HNSW graph", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("HNSW build failed", e.getCause());
    } finally {
      graph.building(false);
      pool.shutdownNow();
    }
  }

  /** Sets the searched bytes above which walks touch neighbours before scoring them (tests use 0). */
  void prefetchAbove(long bytes) {
    prefetchThresholdBytes = bytes;
  }

  /** The level of a node: geometric with ratio 1/m, from a hash of seed and ordinal. */
  int levelOf(int node) {
    long z = options.seed() * 0x9E3779B97F4A7C15L + node;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    double uniform = ((z >>> 11) + 1) * 0x1.0p-53; // (0, 1]
    return (int) Math.min(30, Math.floor(-Math.log(uniform) * levelScale));
  }

  /** A scorer for a walk towards {@code vector} (or its int8 {@code code}), touching first when vectors outgrow cache. */
  private HnswTarget target(float[] vector, byte[] code) {
    long bytes = (long) size * (code != null ? code.length : vector.length * Float.BYTES);
    return new HnswTarget(vectors, similarity, codes, vector, code, bytes > prefetchThresholdBytes);
  }

  private void insert(int node, HnswWorkspace ws) {
    float[] vector = vectors.get(node);
    int level = levelOf(node);
    graph.addLevels(node, level);
    long current = entry.get();
    if (current < 0) {
      synchronized (entry) {
        current = entry.get();
        if (current < 0) {
          entry.set(pack(level, node));
          return;
        }
      }
    }
    int entryNode = (int) current;
    int top = (int) (current >>> 32);
    HnswTarget scorer = target(vector, null);
    float entryScore = scorer.score(entryNode);
    for (int l = top; l > level; l--) {
      long best = greedy(scorer, entryNode, entryScore, l, ws);
      entryNode = (int) best;
      entryScore = Float.intBitsToFloat((int) (best >>> 32));
    }
    for (int l = Math.min(level, top); l >= 0; l--) {
      searchLayer(scorer, entryNode, entryScore, options.efConstruction(), l, Accept.ALL, ws);
      Neighbors found = ws.results.drainBestFirst();
      int count = selectDiverse(found.nodes(), found.scores(), found.size(), m, node, ws.selected);
      // Added, not assigned: a concurrent insert that entered this level through this node may have linked
      // itself here already, and that link must not be overwritten.
      for (int i = 0; i < count; i++) {
        link(node, ws.selected[i], l, ws);
      }
      for (int i = 0; i < count; i++) {
        link(ws.selected[i], node, l, ws);
      }
      entryNode = found.nodes()[0];
      entryScore = found.scores()[0];
    }
    if (level > top) {
      synchronized (entry) {
        if (level > (int) (entry.get() >>> 32)) {
          entry.set(pack(level, node));
        }
      }
    }
  }

  private static long pack(int level, int node) {
    return ((long) level << 32) | (node & 0xffffffffL);
  }

  /** Adds {@code node} to {@code target}'s list on {@code level}, pruning the list when it overflows. */
  private void link(int target, int node, int level, HnswWorkspace ws) {
    int capacity = graph.maxDegree(level);
    int[] list = graph.array(target, level);
    int offset = graph.offset(target, level);
    synchronized (graph.lock(target)) {
      int count = list[offset];
      for (int i = 0; i < count; i++) {
        if (list[offset + 1 + i] == node) {
          return;
        }
      }
      if (count < capacity) {
        list[offset + 1 + count] = node;
        list[offset] = count + 1;
        return;
      }
      // Overflow: the target's neighbours plus the new node, best first, pruned by the heuristic.
      float[] targetVector = vectors.get(target);
      int n = 0;
      for (int i = 0; i <= count; i++) {
        int candidate = i < count ? list[offset + 1 + i] : node;
        float score = similarity.score(targetVector, vectors.get(candidate));
        int j = n++;
        while (j > 0 && ws.pruneScores[j - 1] < score) {
          ws.pruneScores[j] = ws.pruneScores[j - 1];
          ws.pruneNodes[j] = ws.pruneNodes[j - 1];
          j--;
        }
        ws.pruneScores[j] = score;
        ws.pruneNodes[j] = candidate;
      }
      // Not ws.selected: the caller is iterating over it.
      int kept = selectDiverse(ws.pruneNodes, ws.pruneScores, n, capacity, target, ws.kept);
      for (int i = 0; i < kept; i++) {
        list[offset + 1 + i] = ws.kept[i];
      }
      list[offset] = kept;
    }
  }

  /**
   * The diversity heuristic: walking candidates best first, keeps one only if it is closer to the base node than
   * to every candidate already kept, and never the base node itself (a concurrent insert can lead a search back
   * to it). Writes up to {@code max} nodes to {@code out}; returns how many.
   */
  private int selectDiverse(int[] nodes, float[] scores, int n, int max, int base, int[] out) {
    int kept = 0;
    for (int i = 0; i < n && kept < max; i++) {
      if (nodes[i] == base) {
        continue;
      }
      float[] candidate = vectors.get(nodes[i]);
      boolean diverse = true;
      for (int j = 0; j < kept; j++) {
        if (similarity.score(candidate, vectors.get(out[j])) > scores[i]) {
          diverse = false;
          break;
        }
      }
      if (diverse) {
        out[kept++] = nodes[i];
      }
    }
    return kept;
  }

  private int neighbours(int node, int level, int[] into) {
    return graph.copy(node, level, into);
  }

  /** Greedy walk on one level; returns the best node and its score packed (score bits << 32 | node). */
  private long greedy(HnswTarget scorer, int start, float startScore, int level, HnswWorkspace ws) {
    int best = start;
    float bestScore = startScore;
    boolean improved = true;
    while (improved) {
      improved = false;
      int count = neighbours(best, level, ws.neighbours);
      if (scorer.prefetch) {
        float touched = 0;
        for (int i = 0; i < count; i++) {
          touched += scorer.touch(ws.neighbours[i]);
        }
        ws.sink += touched;
      }
      for (int i = 0; i < count; i++) {
        int candidate = ws.neighbours[i];
        float score = scorer.score(candidate);
        if (score > bestScore) {
          bestScore = score;
          best = candidate;
          improved = true;
        }
      }
    }
    return ((long) Float.floatToRawIntBits(bestScore) << 32) | (best & 0xffffffffL);
  }

  /**
   * Best-first search of one level from one entry node. Leaves the best {@code ef} accepted nodes in {@code
   * ws.results}; rejected nodes are still walked through, so filters and deletions do not cut the graph.
   */
  private void searchLayer(HnswTarget scorer, int start, float startScore, int ef, int level, Accept accept,
      HnswWorkspace ws) {
    LongHeap candidates = ws.candidates;
    LongHeap results = ws.results;
    candidates.clear();
    results.clear();
    VisitedSet visited = VisitedSet.forThread(graph.capacity());
    visited.visit(start);
    candidates.push(startScore, start);
    if (accept.test(start)) {
      results.push(startScore, start);
    }
    int[] neighbours = ws.neighbours;
    float[] scores = ws.scores;
    // Unfiltered searches skip the call: once filtered searches have run, it is a megamorphic call per node.
    boolean acceptAll = accept == Accept.ALL;
    while (!candidates.isEmpty()) {
      float candidateScore = candidates.topScore();
      if (results.size() >= ef && candidateScore < results.topScore()) {
        break;
      }
      int node = candidates.pop();
      int count = neighbours(node, level, neighbours);
      // Keep the unvisited neighbours, score them in one tight loop (their vector loads overlap), then queue.
      int fresh = 0;
      for (int i = 0; i < count; i++) {
        int next = neighbours[i];
        neighbours[fresh] = next;
        fresh += 1 - visited.mark(next);
      }
      if (scorer.prefetch) {
        // The next node to expand is likely the best one queued: its list's load overlaps these too.
        float touched = candidates.isEmpty() ? 0 : graph.touch(candidates.topNode(), level);
        for (int i = 0; i < fresh; i++) {
          touched += scorer.touch(neighbours[i]);
        }
        ws.sink += touched;
      }
      for (int i = 0; i < fresh; i++) {
        scores[i] = scorer.score(neighbours[i]);
      }
      for (int i = 0; i < fresh; i++) {
        float score = scores[i];
        if (results.size() < ef || score > results.topScore()) {
          int next = neighbours[i];
          candidates.push(score, next);
          if (acceptAll || accept.test(next)) {
            results.offer(score, next, ef);
          }
        }
      }
    }
  }

  /**
   * {@inheritDoc} A {@code k} above the node count is searched as the node count: no more can be found, and the
   * walk's heaps hold at most every node whatever {@code k} is.
   */
  @Override
  public Neighbors search(float[] query, int requestedK, Accept accept, SearchOptions searchOptions) {
    long current = entry.get();
    if (current < 0) {
      return new Neighbors(new int[0], new float[0]);
    }
    int k = Math.min(requestedK, size);
    int ef = Math.max(k, searchOptions.efSearch() > 0 ? searchOptions.efSearch() : options.efSearch());
    HnswWorkspace ws = workspaces.get();
    HnswTarget scorer = target(query, codes == null ? null : codes.encodeQuery(query));
    int entryNode = (int) current;
    float entryScore = scorer.score(entryNode);
    for (int l = (int) (current >>> 32); l > 0; l--) {
      long best = greedy(scorer, entryNode, entryScore, l, ws);
      entryNode = (int) best;
      entryScore = Float.intBitsToFloat((int) (best >>> 32));
    }
    searchLayer(scorer, entryNode, entryScore, ef, 0, accept, ws);
    LongHeap results = ws.results;
    if (codes != null) {
      // The walk ranked on codes: re-score its best candidates on the float vectors and keep the best k.
      LongHeap rescored = ws.rescored;
      rescored.clear();
      while (results.size() > rescoreDepth(k)) {
        results.pop();
      }
      int count = results.size();
      int[] nodes = ws.rescoreNodes(count);
      for (int i = 0; i < count; i++) {
        nodes[i] = results.pop();
      }
      float touched = 0;
      for (int i = 0; scorer.prefetch && i < count; i++) {
        touched += scorer.touchFloats(nodes[i]);
      }
      ws.sink += touched;
      for (int i = 0; i < count; i++) {
        rescored.offer(scorer.exact(nodes[i]), nodes[i], k);
      }
      return rescored.drainBestFirst();
    }
    while (results.size() > k) {
      results.pop();
    }
    return results.drainBestFirst();
  }

  /**
   * How many of an int8 walk's best candidates are re-scored on the floats for {@code k} hits: {@code 2k}, and at
   * least {@code k + 10}. On text200k (384-d) this gave the same recall@10 as re-scoring all {@code ef}, at a
   * fraction of the float reads.
   */
  static int rescoreDepth(int k) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(2L * k, k + 10L));
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(options.m());
    out.writeInt(options.efConstruction());
    out.writeInt(size);
    long current = entry.get();
    out.writeInt((int) current);
    out.writeInt(current < 0 ? -1 : (int) (current >>> 32));
    graph.write(out, size);
    out.writeBoolean(codes != null);
    if (codes != null) {
      codes.write(out);
    }
  }

  /**
   * Reads a graph written by {@link #write} over {@code vectors} (which must hold its nodes). The graph keeps the
   * {@code m} and {@code efConstruction} it was built with (see {@link #options()}); the other options are taken
   * from {@code options}. Throws {@link IOException} with the problem when the bytes cannot be a graph.
   */
  public static HnswIndex read(DataInput in, VectorSet vectors, Similarity similarity, HnswOptions requested)
      throws IOException {
    int m = in.readInt();
    int efConstruction = in.readInt();
    int size = in.readInt();
    int entryNode = in.readInt();
    int top = in.readInt();
    if (m < 2 || m > 512 || efConstruction < m) {
      throw new IOException("bad graph parameters m=" + m + ", efConstruction=" + efConstruction);
    }
    HnswOptions options = new HnswOptions(m, efConstruction, requested.efSearch(), requested.seed(),
        requested.buildThreads(), requested.quantization());
    if (size < 0 || size > vectors.size() || (size > 0 && (entryNode < 0 || entryNode >= size || top < 0))) {
      throw new IOException("bad graph header (size " + size + ", entry " + entryNode + ")");
    }
    HnswIndex index = new HnswIndex(vectors, similarity, options, HnswGraph.read(in, size, m));
    index.size = size;
    if (size > 0) {
      index.entry.set(pack(top, entryNode));
    }
    if (in.readBoolean()) {
      Int8Codes stored = Int8Codes.read(in, vectors, size, similarity);
      index.codes = options.quantization() == Quantization.INT8 ? stored : null;
    }
    index.encodeNodes(); // trains codes if asked for and not stored
    return index;
  }
}
