package dev.quarry.vectorstore.internal.index;

import dev.quarry.api.store.SearchOptions;
import dev.quarry.vectorstore.HnswOptions;
import dev.quarry.vectorstore.Quantization;
import dev.quarry.vectorstore.internal.storage.MappedRows;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hierarchical navigable small-world graph (Malkov and Yashunin, 2016) over a {@link VectorSet}, in three
 * parts: the neighbour lists ({@link HnswGraph}), the inserts ({@link HnswBuilder}) and the walks ({@link
 * HnswSearcher}). This class ties them together with the int8 codes and decides what searches see.
 *
 * <p><b>Searches during a bulk load.</b> {@link #prepareUpTo} encodes a batch's vectors, then links them, while
 * searches go on; they see the {@link HnswView} last {@link #publish published}: its node count, entry point and
 * codes. A search walks through the batch's nodes it meets (pruning may have replaced an old node's links by
 * links to them, and skipping them would cut the graph), which is safe because a node's vector and code are in
 * place before any list holds it; but it returns only published nodes. Build threads give way to running
 * searches (see {@link HnswBuilder}), so a bulk load takes little from search latency.
 *
 * <p>With {@link Quantization#INT8} (the default), searches walk and rank on int8 codes of the vectors ({@link
 * Int8Codes}, a quarter of the memory traffic) and re-score their best candidates ({@link #rescoreDepth}) on the
 * floats.
 *
 * <p>Internal, not API; thread-safety as {@link VectorIndex}.
 */
public final class HnswIndex implements VectorIndex {
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
  private final HnswBuilder builder;
  private final HnswSearcher searcher;
  private final ThreadLocal<HnswWorkspace> workspaces;
  private long prefetchThresholdBytes = PREFETCH_THRESHOLD_BYTES;
  /** Int8 codes of the built nodes, once trained; null without quantization or before training. */
  private Int8Codes codes;
  private volatile HnswView published = HnswView.EMPTY;
  /** Searches running now: build threads give way to them. */
  private final AtomicInteger searching = new AtomicInteger();

  public HnswIndex(VectorSet vectors, Similarity similarity, HnswOptions options) {
    this(vectors, similarity, options, new HnswGraph(options.m()));
  }

  private HnswIndex(VectorSet vectors, Similarity similarity, HnswOptions options, HnswGraph graph) {
    this.vectors = vectors;
    this.similarity = similarity;
    this.options = options;
    this.builder = new HnswBuilder(vectors, similarity, options, graph, PREFETCH_THRESHOLD_BYTES, searching::get);
    this.searcher = new HnswSearcher(graph, false);
    int slots = 2 * options.m();
    this.workspaces = ThreadLocal.withInitial(() -> new HnswWorkspace(slots, vectors.dimension()));
  }

  @Override
  public String kind() {
    return "hnsw";
  }

  public HnswOptions options() {
    return options;
  }

  /** Nodes searches see. */
  public int size() {
    return published.size();
  }

  @Override
  public void reserve(int size) {
    builder.graph().ensureCapacity(size);
  }

  @Override
  public void prepareUpTo(int newSize) {
    encodeUpTo(newSize); // before linking: a search may meet a node as soon as it is linked
    builder.addUpTo(newSize);
  }

  @Override
  public void publish() {
    published = new HnswView(builder.size(), builder.entry(), codes);
  }

  /** Trains the int8 codes once there are enough vectors, and encodes the vectors up to {@code size}. */
  private void encodeUpTo(int size) {
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

  /** Sets the searched bytes above which walks touch neighbours before scoring them (tests use 0). */
  void prefetchAbove(long bytes) {
    prefetchThresholdBytes = bytes;
    builder.prefetchAbove(bytes);
  }

  /** The level of a node: geometric with ratio 1/m, from a hash of seed and ordinal. */
  int levelOf(int node) {
    return builder.levelOf(node);
  }

  /**
   * {@inheritDoc} A {@code k} above the node count is searched as the node count: no more can be found, and the
   * walk's heaps hold at most every node whatever {@code k} is.
   */
  @Override
  public Neighbors search(float[] query, int requestedK, Accept accept, SearchOptions searchOptions) {
    searching.incrementAndGet();
    try {
      return search(published, query, requestedK, accept, searchOptions);
    } finally {
      searching.decrementAndGet();
    }
  }

  private Neighbors search(HnswView view, float[] query, int requestedK, Accept accept,
      SearchOptions searchOptions) {
    if (view.entry() < 0) {
      return new Neighbors(new int[0], new float[0]);
    }
    int size = view.size();
    int k = Math.min(requestedK, size);
    int ef = Math.max(k, searchOptions.efSearch() > 0 ? searchOptions.efSearch() : options.efSearch());
    HnswWorkspace ws = workspaces.get();
    Int8Codes walkCodes = view.codes();
    byte[] code = walkCodes == null ? null : walkCodes.encodeQuery(query);
    long bytes = (long) size * (code != null ? code.length : query.length * Float.BYTES);
    HnswTarget scorer = new HnswTarget(vectors, similarity, walkCodes, query, code, bytes > prefetchThresholdBytes);
    int entryNode = view.entryNode();
    float entryScore = scorer.score(entryNode);
    // The descent stays on published nodes: a node being linked may not have its lower lists yet, and the
    // bottom layer must start from a node whose list is there. The bottom layer walks through nodes being
    // linked (see the class comment), never returning them.
    int walkLimit = builder.graph().capacity();
    for (int l = view.topLevel(); l > 0; l--) {
      long best = searcher.greedy(scorer, entryNode, entryScore, l, size, ws);
      entryNode = (int) best;
      entryScore = Float.intBitsToFloat((int) (best >>> 32));
    }
    searcher.searchLayer(scorer, entryNode, entryScore, ef, 0, walkLimit, size, accept, ws);
    LongHeap results = ws.results;
    if (walkCodes != null) {
      return rescore(scorer, k, ws);
    }
    while (results.size() > k) {
      results.pop();
    }
    return results.drainBestFirst();
  }

  /** The walk ranked on codes: re-scores its best candidates on the float vectors and keeps the best k. */
  private static Neighbors rescore(HnswTarget scorer, int k, HnswWorkspace ws) {
    LongHeap results = ws.results;
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

  /**
   * How many of an int8 walk's best candidates are re-scored on the floats for {@code k} hits: {@code 2k}, and at
   * least {@code k + 10}. On text200k (384-d) this gave the same recall@10 as re-scoring all {@code ef}, at a
   * fraction of the float reads.
   */
  static int rescoreDepth(int k) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(2L * k, k + 10L));
  }

  @Override
  public CodeRows codes() {
    return published.codes();
  }

  /** Writes the published graph (called with writers excluded, so nothing is being linked). */
  @Override
  public void write(DataOutput out) throws IOException {
    HnswView view = published;
    out.writeInt(options.m());
    out.writeInt(options.efConstruction());
    out.writeInt(view.size());
    long current = view.entry();
    out.writeInt((int) current);
    out.writeInt(current < 0 ? -1 : (int) (current >>> 32));
    builder.graph().write(out, view.size());
    out.writeBoolean(view.codes() != null);
    if (view.codes() != null) {
      view.codes().write(out);
    }
  }

  /**
   * Reads a graph written by {@link #write} over {@code vectors} (which must hold its nodes), published. The graph
   * keeps the {@code m} and {@code efConstruction} it was built with (see {@link #options()}); the other options
   * are taken from {@code options}. The int8 codes are {@code codes} when it holds them, else encoded again. Throws
   * {@link IOException} with the problem when the bytes cannot be a graph.
   */
  public static HnswIndex read(DataInput in, VectorSet vectors, Similarity similarity, HnswOptions requested,
      MappedRows codes) throws IOException {
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
    index.builder.resume(size, size > 0 ? HnswView.pack(top, entryNode) : -1);
    if (in.readBoolean()) {
      Int8Codes stored = Int8Codes.read(in, vectors, size, similarity, codes);
      index.codes = options.quantization() == Quantization.INT8 ? stored : null;
    }
    index.encodeUpTo(size); // trains codes if asked for and not stored
    index.publish();
    return index;
  }
}
