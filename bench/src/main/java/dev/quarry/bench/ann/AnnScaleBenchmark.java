package dev.quarry.bench.ann;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.bench.Options;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.FsyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code BENCH_JAVA_OPTS=-Xmx2g bench/run ann-scale [--n 2000000] [--dim 384] [--clusters 4096] [--queries 1000]
 * [--checkpoint-mb 512]}: a persistent HNSW store larger than the heap. {@code n} vectors, clustered (unit
 * centres, each vector a centre plus Gaussian noise of norm about 0.8, from a seed, generated batch by batch so the
 * benchmark itself never holds them), are ingested in batches of 20,000 into a folder, the store is closed and
 * reopened, and the reopened store is timed: open seconds, the heap it retains per vector, and QPS and recall@10
 * against its exact search on {@code --queries} queries drawn the same way, at the default {@code efSearch} (64)
 * and at 128, 256 and 512 (the JSON's {@code qps} and {@code recall_at_10} are the default's). Run it with a
 * heap smaller than the vectors ({@code n × dim × 4} bytes) to show the store does not need them on the heap.
 *
 * <p>Prints a table, then one JSON line.
 */
public final class AnnScaleBenchmark {
  private static final int K = 10;
  private static final int BATCH = 20_000;
  private static final long SEED = 20261207L;
  /** {@code efSearch} values measured; 64 is the default. */
  private static final int[] EF_SWEEP = {64, 128, 256, 512};

  private AnnScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    int n = options.integer("n", 2_000_000);
    int dim = options.integer("dim", 384);
    int clusters = options.integer("clusters", 4096);
    int queryCount = options.integer("queries", 1000);
    long checkpointBytes = options.integer("checkpoint-mb", 512) * (1L << 20);
    Generator generator = new Generator(dim, clusters);
    long maxHeap = Runtime.getRuntime().maxMemory();
    long vectorBytes = (long) n * dim * Float.BYTES;
    System.out.printf(Locale.ROOT, "ann-scale: n=%,d, dim=%d, clusters=%d, queries=%d, vectors %.2f GiB, max heap"
        + " %.2f GiB, processors=%d%n%n", n, dim, clusters, queryCount, vectorBytes / (double) (1L << 30),
        maxHeap / (double) (1L << 30), Runtime.getRuntime().availableProcessors());
    Path folder = Files.createTempDirectory("quarry-ann-scale");
    try {
      long buildStart = System.nanoTime();
      try (EmbeddedVectorStore store = open(dim, folder, checkpointBytes)) {
        for (int from = 0; from < n; from += BATCH) {
          int to = Math.min(n, from + BATCH);
          List<VectorRecord> records = new ArrayList<>(to - from);
          for (int i = from; i < to; i++) {
            records.add(new VectorRecord(new Chunk(String.valueOf(i), "doc", "", Metadata.empty(), 0, 0),
                generator.vector(i)));
          }
          store.upsert(records);
          if (to % 200_000 == 0 || to == n) {
            Runtime runtime = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "  %,d ingested, %.0f s, heap in use %.0f MiB%n", to,
                (System.nanoTime() - buildStart) / 1e9, (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0);
          }
        }
      }
      double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
      long folderBytes = folderBytes(folder);

      long heapBefore = RetainedHeap.used();
      long openStart = System.nanoTime();
      try (EmbeddedVectorStore store = open(dim, folder, checkpointBytes)) {
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        long heapBytes = RetainedHeap.used() - heapBefore;
        float[][] queries = new float[queryCount][];
        for (int q = 0; q < queryCount; q++) {
          queries[q] = generator.vector(n + q); // drawn like the stored vectors, never stored
        }
        long exactStart = System.nanoTime();
        List<Set<String>> truth = new ArrayList<>();
        for (float[] q : queries) {
          Set<String> ids = new HashSet<>();
          store.search(SearchRequest.builder(q).maxResults(K).build(), SearchOptions.exactSearch())
              .forEach(hit -> ids.add(hit.id()));
          truth.add(ids);
        }
        double exactQps = queryCount / ((System.nanoTime() - exactStart) / 1e9);
        List<Sweep> sweep = new ArrayList<>();
        for (int ef : EF_SWEEP) {
          SearchOptions searchOptions = SearchOptions.efSearch(ef);
          double recall = 0;
          for (int q = 0; q < queryCount; q++) {
            Set<String> expected = truth.get(q);
            recall += store.search(SearchRequest.builder(queries[q]).maxResults(K).build(), searchOptions).stream()
                .map(SearchHit::id).filter(expected::contains).count() / (double) expected.size();
          }
          sweep.add(new Sweep(ef, qps(store, queries, searchOptions), recall / queryCount));
        }
        Report report = new Report(n, dim, clusters, queryCount, vectorBytes, maxHeap, folderBytes, buildSeconds,
            openSeconds, heapBytes / (double) n, sweep, exactQps);
        report.print();
      }
    } finally {
      AnnLoadBenchmark.delete(folder);
    }
  }

  private static EmbeddedVectorStore open(int dim, Path folder, long checkpointBytes) {
    return EmbeddedVectorStore.builder(dim).folder(folder).fsync(FsyncPolicy.NEVER)
        .checkpointLogBytes(checkpointBytes).build();
  }

  /** One {@code efSearch}'s figures: QPS (one thread) and recall@10 against the exact search. */
  private record Sweep(int ef, double qps, double recall) {}

  /** Searches a second, one thread, over at least 5 s and every query once. */
  private static double qps(EmbeddedVectorStore store, float[][] queries, SearchOptions options) {
    long start = System.nanoTime();
    int done = 0;
    while (System.nanoTime() - start < 5_000_000_000L || done < queries.length) {
      for (float[] q : queries) {
        store.search(SearchRequest.builder(q).maxResults(K).build(), options);
      }
      done += queries.length;
    }
    return done / ((System.nanoTime() - start) / 1e9);
  }

  /** Vector {@code i}: a seeded random centre plus Gaussian noise, both from {@code i} alone. */
  static final class Generator {
    private final int dim;
    private final float[][] centres;

    Generator(int dim, int clusters) {
      this.dim = dim;
      this.centres = new float[clusters][];
      SplittableRandom random = new SplittableRandom(SEED);
      for (int c = 0; c < clusters; c++) {
        centres[c] = unit(gaussians(random, dim, 1));
      }
    }

    float[] vector(int i) {
      SplittableRandom random = new SplittableRandom(SEED * 31 + i);
      float[] centre = centres[random.nextInt(centres.length)];
      float[] v = gaussians(random, dim, 0.8 / Math.sqrt(dim));
      for (int d = 0; d < dim; d++) {
        v[d] += centre[d];
      }
      return v;
    }

    private static float[] gaussians(SplittableRandom random, int dim, double sigma) {
      float[] v = new float[dim];
      for (int d = 0; d < dim; d++) {
        v[d] = (float) (random.nextGaussian() * sigma);
      }
      return v;
    }

    private static float[] unit(float[] v) {
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < v.length; d++) {
        v[d] *= scale;
      }
      return v;
    }
  }

  private record Report(int n, int dim, int clusters, int queries, long vectorBytes, long maxHeap, long folderBytes,
      double buildSeconds, double openSeconds, double heapBytesPerVector, List<Sweep> sweep, double exactQps) {
    void print() {
      System.out.printf(Locale.ROOT, "%n%-44s %14s%n", "figure", "measured");
      row("vectors (GiB)", vectorBytes / (double) (1L << 30));
      row("max heap (GiB)", maxHeap / (double) (1L << 30));
      row("folder on disk (GiB)", folderBytes / (double) (1L << 30));
      row("build s (batches of 20,000)", buildSeconds);
      row("open s", openSeconds);
      row("open / build", openSeconds / buildSeconds);
      row("heap retained by the open store, B/vector", heapBytesPerVector);
      for (Sweep point : sweep) {
        row("efSearch " + point.ef() + ": QPS (one thread)", point.qps());
        row("efSearch " + point.ef() + ": recall@10 vs exact", point.recall());
      }
      row("QPS, exact search (one thread)", exactQps);
      StringBuilder sweepJson = new StringBuilder();
      for (Sweep point : sweep) {
        sweepJson.append(sweepJson.isEmpty() ? "" : ",").append(String.format(Locale.ROOT,
            "{\"ef\":%d,\"qps\":%.1f,\"recall_at_10\":%.4f}", point.ef(), point.qps(), point.recall()));
      }
      System.out.printf(Locale.ROOT, "{\"benchmark\":\"ann-scale\",\"n\":%d,\"dimension\":%d,\"clusters\":%d,"
          + "\"queries\":%d,\"processors\":%d,\"date\":\"%s\",\"vector_bytes\":%d,\"max_heap_bytes\":%d,"
          + "\"folder_bytes\":%d,\"build_s\":%.1f,\"open_s\":%.2f,\"open_seconds_ratio\":%.4f,"
          + "\"heap_bytes_per_vector\":%.1f,\"qps\":%.1f,\"recall_at_10\":%.4f,\"exact_qps\":%.2f,"
          + "\"sweep\":[%s]}%n",
          n, dim, clusters, queries, Runtime.getRuntime().availableProcessors(),
          Instant.now().truncatedTo(ChronoUnit.SECONDS), vectorBytes, maxHeap, folderBytes, buildSeconds,
          openSeconds, openSeconds / buildSeconds, heapBytesPerVector, sweep.getFirst().qps(),
          sweep.getFirst().recall(), exactQps, sweepJson);
    }

    private static void row(String name, double value) {
      System.out.printf(Locale.ROOT, "%-44s %14.4f%n", name, value);
    }
  }

  private static long folderBytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }
}
