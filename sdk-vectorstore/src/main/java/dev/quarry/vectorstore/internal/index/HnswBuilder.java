package dev.quarry.vectorstore.internal.index;

import dev.quarry.vectorstore.HnswOptions;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Inserts nodes into an {@link HnswGraph} (Malkov and Yashunin, 2016, algorithms 1 and 4). A new node links to at
 * most {@code m} neighbours per layer, chosen by the diversity heuristic; a neighbour whose list overflows ({@code
 * 2m} on the bottom layer, {@code m} above) is pruned with the same heuristic. Levels come from a hash of the seed
 * and the ordinal, so they never depend on timing. Inserts always score on the float vectors, so the graph does
 * not depend on the quantization searches use.
 *
 * <p>Large batches are linked by several threads, each inserting whole nodes; they read and write neighbour lists
 * under per-node striped locks. Searches come first: between inserts, a build thread that, with the searches
 * running now, would leave no core free for them waits ({@link #YIELD_NANOS} at a time) until they finish; the
 * first build thread never waits, so the build always progresses.
 *
 * <p>Internal, not API. One writer at a time calls {@link #addUpTo}; searches may run meanwhile (see {@link
 * HnswGraph}), seeing only what {@link HnswIndex} has published.
 */
final class HnswBuilder {
  private static final int PARALLEL_BATCH = 2048;
  /** How long a build thread that gives way to searches waits before looking again. */
  static final long YIELD_NANOS = 50_000;

  private final VectorSet vectors;
  private final Similarity similarity;
  private final HnswOptions options;
  private final HnswGraph graph;
  private final HnswSearcher walker;
  private final int m;
  private final int m0;
  private final double levelScale;
  /** Entry point and top level, packed as in {@link HnswView}, so both change at once; -1 when empty. */
  private final AtomicLong entry = new AtomicLong(-1);
  /** Searches running now (see {@link #giveWayToSearches}). */
  private final IntSupplier searching;
  private final int processors = Runtime.getRuntime().availableProcessors();
  private int size;
  private long prefetchThresholdBytes;

  HnswBuilder(VectorSet vectors, Similarity similarity, HnswOptions options, HnswGraph graph,
      long prefetchThresholdBytes, IntSupplier searching) {
    this.searching = searching;
    this.vectors = vectors;
    this.similarity = similarity;
    this.options = options;
    this.graph = graph;
    this.walker = new HnswSearcher(graph, true);
    this.m = options.m();
    this.m0 = 2 * options.m();
    this.levelScale = 1 / Math.log(m);
    this.prefetchThresholdBytes = prefetchThresholdBytes;
  }

  /** Continues a graph read from a snapshot: {@code size} nodes entered at {@code entry}. */
  void resume(int size, long entry) {
    this.size = size;
    this.entry.set(entry);
  }

  HnswGraph graph() {
    return graph;
  }

  /** Nodes inserted. */
  int size() {
    return size;
  }

  /** Entry point and top level, packed; -1 when empty. */
  long entry() {
    return entry.get();
  }

  void prefetchAbove(long bytes) {
    prefetchThresholdBytes = bytes;
  }

  /** Inserts every vector of the set below {@code newSize} not yet in the graph. */
  void addUpTo(int newSize) {
    if (newSize <= size) {
      return;
    }
    graph.ensureCapacity(newSize);
    int from = size;
    int threads = Math.min(options.buildThreads(), (newSize - from) / PARALLEL_BATCH + 1);
    if (threads <= 1) {
      HnswWorkspace workspace = new HnswWorkspace(m0, vectors.dimension());
      for (int node = from; node < newSize; node++) {
        insert(node, newSize, workspace);
      }
    } else {
      insertInParallel(from, newSize, threads);
    }
    size = newSize;
  }

  private void insertInParallel(int from, int to, int threads) {
    // A small graph is grown single-threaded first, so parallel inserts start from a connected core.
    HnswWorkspace first = new HnswWorkspace(m0, vectors.dimension());
    for (; from < Math.min(to, 1024); from++) {
      insert(from, to, first);
    }
    AtomicInteger next = new AtomicInteger(from);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>(threads);
    graph.building(true);
    try {
      try {
        for (int t = 0; t < threads; t++) {
          int worker = t;
          Thread thread = new Thread(() -> {
            try {
              HnswWorkspace workspace = new HnswWorkspace(m0, vectors.dimension());
              while (!stop.get()) {
                giveWayToSearches(worker, next, to, stop);
                int node = next.getAndIncrement();
                if (node >= to) {
                  return;
                }
                insert(node, to, workspace);
              }
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
              stop.set(true); // the others stop after their current insert
            }
          }, "quarry-hnsw-build");
          thread.setDaemon(true);
          thread.start();
          workers.add(thread);
        }
      } catch (RuntimeException | Error e) {
        stop.set(true); // a thread could not be started: those that were stop after their current insert
        joinAll(workers);
        throw e;
      }
      joinAll(workers);
    } finally {
      graph.building(false);
    }
    Throwable failed = failure.get();
    if (failed instanceof Error error) {
      throw error;
    }
    if (failed != null) {
      throw new IllegalStateException("HNSW build failed: " + failed, failed);
    }
  }

  /**
   * Waits until every build thread has exited, whatever happens: none may link on once the batch has returned. An
   * interrupt does not stop the batch; it is restored on the way out.
   */
  private static void joinAll(List<Thread> workers) {
    boolean interrupted = false;
    for (Thread worker : workers) {
      while (true) {
        try {
          worker.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits while this build thread and the searches running now would need more cores than there are, and nodes
   * are left to insert (so a steady search load cannot hold a waiting thread, and the build, forever). Worker 0
   * never waits.
   */
  private void giveWayToSearches(int worker, AtomicInteger next, int to, AtomicBoolean stop) {
    while (worker > 0 && worker + searching.getAsInt() >= processors && next.get() < to && !stop.get()) {
      LockSupport.parkNanos(YIELD_NANOS);
    }
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

  /** Inserts {@code node}; {@code limit} is the end of the batch, so the walk may enter its linked nodes. */
  private void insert(int node, int limit, HnswWorkspace ws) {
    float[] vector = vectors.get(node);
    int level = levelOf(node);
    graph.addLevels(node, level);
    long current = entry.get();
    if (current < 0) {
      synchronized (entry) {
        current = entry.get();
        if (current < 0) {
          entry.set(HnswView.pack(level, node));
          return;
        }
      }
    }
    int entryNode = (int) current;
    int top = (int) (current >>> 32);
    // Decided on the nodes present before the batch: a first bulk load walks without touching.
    long bytes = (long) size * vector.length * Float.BYTES;
    HnswTarget scorer = new HnswTarget(vectors, similarity, null, vector, null, bytes > prefetchThresholdBytes);
    float entryScore = scorer.score(entryNode);
    for (int l = top; l > level; l--) {
      long best = walker.greedy(scorer, entryNode, entryScore, l, limit, ws);
      entryNode = (int) best;
      entryScore = Float.intBitsToFloat((int) (best >>> 32));
    }
    for (int l = Math.min(level, top); l >= 0; l--) {
      walker.searchLayer(scorer, entryNode, entryScore, options.efConstruction(), l, limit, limit, Accept.ALL, ws);
      Neighbors found = ws.results.drainBestFirst();
      int count = selectDiverse(found.nodes(), found.scores(), found.size(), m, node, ws.selected, ws);
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
          entry.set(HnswView.pack(level, node));
        }
      }
    }
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
        HnswGraph.setCount(list, offset, count + 1);
        return;
      }
      // Overflow: the target's neighbours plus the new node, best first, pruned by the heuristic.
      float[] targetVector = vectors.get(target, ws.targetVector);
      int n = 0;
      for (int i = 0; i <= count; i++) {
        int candidate = i < count ? list[offset + 1 + i] : node;
        float score = similarity.score(targetVector, vectors.get(candidate, ws.candidateVector));
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
      int kept = selectDiverse(ws.pruneNodes, ws.pruneScores, n, capacity, target, ws.kept, ws);
      // The list is rewritten in place, and a search may read these ids before the count below: release what
      // was written before them (their nodes' vectors and codes), as the count's release does.
      VarHandle.releaseFence();
      for (int i = 0; i < kept; i++) {
        list[offset + 1 + i] = ws.kept[i];
      }
      HnswGraph.setCount(list, offset, kept);
    }
  }

  /**
   * The diversity heuristic: walking candidates best first, keeps one only if it is closer to the base node than
   * to every candidate already kept, and never the base node itself (a concurrent insert can lead a search back
   * to it). Writes up to {@code max} nodes to {@code out}; returns how many.
   */
  private int selectDiverse(int[] nodes, float[] scores, int n, int max, int base, int[] out, HnswWorkspace ws) {
    int kept = 0;
    for (int i = 0; i < n && kept < max; i++) {
      if (nodes[i] == base) {
        continue;
      }
      float[] candidate = vectors.get(nodes[i], ws.candidateVector);
      boolean diverse = true;
      for (int j = 0; j < kept; j++) {
        if (similarity.score(candidate, vectors.get(out[j], ws.keptVector)) > scores[i]) {
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
}
