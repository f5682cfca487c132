package dev.quarry.bench.ann;

import com.github.jelmerk.hnswlib.core.DistanceFunction;
import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Index;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import dev.quarry.api.store.Metric;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.VectorUtil;

/**
 * hnswlib-core ({@code com.github.jelmerk}, the pure-Java port of hnswlib) through its public API.
 *
 * <p>Build (timed): {@code HnswIndex.newBuilder(dim, distance, n).withM(m).withEfConstruction(efConstruction)}
 * then {@code addAll(items, threads, listener, interval)} with as many threads as Quarry builds with by default
 * (the available processors); making the items (a copy of each vector, so the index owns its data as the
 * others do) is not timed. Search: {@code setEf(ef)} once per sweep point (the field is set before the query
 * threads start, so every thread sees it), then {@code findNearest(q, k)}, which searches with {@code max(ef,
 * k)} candidates.
 *
 * <p>Metric: EUCLIDEAN is {@code FLOAT_EUCLIDEAN_DISTANCE}; COSINE normalises vectors and queries and uses
 * {@code FLOAT_INNER_PRODUCT} (the same ranking as {@code FLOAT_COSINE_DISTANCE}, without recomputing norms on
 * every comparison); DOT_PRODUCT is {@code FLOAT_INNER_PRODUCT}. These are hnswlib-core's scalar Java loops,
 * left to the JIT's auto-vectorisation, where Quarry and Lucene use explicit SIMD ({@code jdk.incubator.vector}).
 * {@link #bytes()} is the length of {@code index.save(stream)}, which Java-serialises each item.
 */
final class HnswlibContender implements Contender {
  private final Metric metric;
  private final int m;
  private final int efConstruction;
  private final int threads;
  private HnswIndex<Integer, float[], VectorItem, Float> index;

  /** One base vector; its id is its position. Serialisable because {@link Item} is. */
  record VectorItem(Integer id, float[] vector) implements Item<Integer, float[]> {
    @Override
    public int dimensions() {
      return vector.length;
    }
  }

  HnswlibContender(Metric metric, int m, int efConstruction, int threads) {
    this.metric = metric;
    this.m = m;
    this.efConstruction = efConstruction;
    this.threads = threads;
  }

  @Override
  public String name() {
    return "hnswlib";
  }

  @Override
  public String effortName() {
    return "ef";
  }

  @Override
  public long build(float[][] base) throws InterruptedException {
    DistanceFunction<float[], Float> distance = metric == Metric.EUCLIDEAN
        ? DistanceFunctions.FLOAT_EUCLIDEAN_DISTANCE
        : DistanceFunctions.FLOAT_INNER_PRODUCT;
    index = HnswIndex.newBuilder(base[0].length, distance, base.length)
        .withM(m)
        .withEfConstruction(efConstruction)
        .build();
    List<VectorItem> items = new ArrayList<>(base.length);
    for (int i = 0; i < base.length; i++) {
      items.add(new VectorItem(i, prepare(base[i])));
    }
    long start = System.nanoTime();
    index.addAll(items, threads, (done, max) -> {}, Index.DEFAULT_PROGRESS_UPDATE_INTERVAL);
    return System.nanoTime() - start;
  }

  private float[] prepare(float[] vector) {
    float[] copy = vector.clone();
    return metric == Metric.COSINE ? VectorUtil.l2normalize(copy) : copy;
  }

  @Override
  public int[] search(float[] query, int k, int effort) {
    if (index.getEf() != effort) {
      throw new IllegalStateException("call prepare(effort) before searching with it");
    }
    float[] q = metric == Metric.COSINE ? VectorUtil.l2normalize(query.clone()) : query;
    List<SearchResult<VectorItem, Float>> results = index.findNearest(q, k);
    int[] ids = new int[results.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = results.get(i).item().id();
    }
    return ids;
  }

  /** Sets the index-wide efSearch; called by the harness on one thread before a sweep point's queries. */
  @Override
  public void prepare(int effort) {
    index.setEf(effort);
  }

  @Override
  public long bytes() {
    CountingStream counter = new CountingStream();
    try {
      index.save(counter);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counter.count;
  }

  @Override
  public void close() {
    index = null;
  }

  /** Counts the bytes written to it and keeps none. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
