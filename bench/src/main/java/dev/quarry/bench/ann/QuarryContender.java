package dev.quarry.bench.ann;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Metric;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.HnswOptions;
import dev.quarry.vectorstore.IndexOptions;
import dev.quarry.vectorstore.IvfOptions;
import dev.quarry.vectorstore.Quantization;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Quarry's {@link EmbeddedVectorStore} (memory only) with one {@link IndexOptions}, through its public API only.
 *
 * <p>Build: records (chunk id = the vector's position, empty text and metadata) are {@code upsert}ed in batches
 * of {@value #BATCH}; only the {@code upsert} calls are timed, not making the records. Search: {@code
 * store.search(SearchRequest.builder(q).maxResults(k).build(), options)} where the options come from the effort ({@code
 * SearchOptions.efSearch(ef)}, {@code SearchOptions.nprobe(p)}, or the defaults), and the hits' ids are parsed
 * back to positions, so the per-hit cost of a real {@code SearchHit} list is included.
 */
final class QuarryContender implements Contender {
  static final int BATCH = 10_000;

  private final String name;
  private final String effortName;
  private final Metric metric;
  private final IndexOptions index;
  private final IntFunction<SearchOptions> effortOptions;
  private EmbeddedVectorStore store;

  private QuarryContender(String name, String effortName, Metric metric, IndexOptions index,
      IntFunction<SearchOptions> effortOptions) {
    this.name = name;
    this.effortName = effortName;
    this.metric = metric;
    this.index = index;
    this.effortOptions = effortOptions;
  }

  /**
   * HNSW with these graph parameters and quantization (build threads: Quarry's default, the available
   * processors). {@code quarry-hnsw} is the default, walking on int8 codes and re-scoring its best candidates
   * on the floats; {@code quarry-hnsw-float} walks on the float vectors.
   */
  static QuarryContender hnsw(Metric metric, int m, int efConstruction, Quantization quantization) {
    return new QuarryContender(quantization == Quantization.NONE ? "quarry-hnsw-float" : "quarry-hnsw", "ef", metric,
        HnswOptions.builder().m(m).efConstruction(efConstruction).quantization(quantization).build(),
        SearchOptions::efSearch);
  }

  /**
   * IVF with {@code nlist} clusters (0: auto) and this quantization. The training threshold is lowered to the
   * base size when that is below the default, so a small set (sift5k) is clustered rather than searched exactly.
   */
  static QuarryContender ivf(Metric metric, int nlist, Quantization quantization, int baseSize) {
    IvfOptions options = IvfOptions.builder().nlist(nlist).quantization(quantization)
        .trainingThreshold(Math.max(64, Math.min(IvfOptions.DEFAULT_TRAINING_THRESHOLD, baseSize))).build();
    String name = quantization == Quantization.NONE ? "quarry-ivf" : "quarry-ivf-int8";
    return new QuarryContender(name, "nprobe", metric, options, SearchOptions::nprobe);
  }

  /** Brute force; effort is ignored. */
  static QuarryContender exact(Metric metric) {
    return new QuarryContender("quarry-exact", "", metric, IndexOptions.exact(), effort -> SearchOptions.defaults());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String effortName() {
    return effortName;
  }

  @Override
  public long build(float[][] base) {
    store = EmbeddedVectorStore.builder(base[0].length).metric(metric).index(index).build();
    long nanos = 0;
    for (int from = 0; from < base.length; from += BATCH) {
      List<VectorRecord> batch = new ArrayList<>(Math.min(BATCH, base.length - from));
      for (int i = from; i < Math.min(base.length, from + BATCH); i++) {
        batch.add(new VectorRecord(new Chunk(String.valueOf(i), "doc", "", FilteredSearch.metadata(i), 0, 0),
            base[i]));
      }
      long start = System.nanoTime();
      store.upsert(batch);
      nanos += System.nanoTime() - start;
    }
    return nanos;
  }

  @Override
  public int[] search(float[] query, int k, int effort) {
    List<SearchHit> hits = store.search(SearchRequest.builder(query).maxResults(k).build(), effortOptions.apply(effort));
    int[] ids = new int[hits.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Integer.parseInt(hits.get(i).id());
    }
    return ids;
  }

  /** The built store (for the filtered-search measurement). */
  EmbeddedVectorStore store() {
    return store;
  }

  @Override
  public long bytes() {
    return -1; // memory only: no file; the harness reports retained heap
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
