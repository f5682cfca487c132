package dev.quarry.bench.ann;

import dev.quarry.api.document.Chunk;
import dev.quarry.api.store.Filter;
import dev.quarry.api.store.SearchHit;
import dev.quarry.api.store.SearchOptions;
import dev.quarry.api.store.SearchRequest;
import dev.quarry.api.store.VectorRecord;
import dev.quarry.bench.Options;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import dev.quarry.vectorstore.FsyncPolicy;
import dev.quarry.vectorstore.MetadataIndexing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code bench/run ann-load --data ../shared/data [--dataset text200k] [--batch 100000] [--idle-seconds 5]}: the
 * HNSW store under production load, each figure against its own baseline in the same run.
 *
 * <ul>
 *   <li><b>Searches during ingest.</b> A store of the first {@code n - batch} vectors is built in a folder and
 *       copied twice. One copy ingests the batch (one {@code upsert}) with no searches, as when a batch held
 *       searches off for its whole link ({@code locked}). The second searches at {@code --search-qps} (default
 *       200; open loop: each search is scheduled, and its latency counts from its scheduled time, so waiting for a
 *       core shows) for {@code --idle-seconds}, then goes on while it ingests the batch ({@code concurrent}). The
 *       third does the same with one thread searching flat out ({@code closed loop}, a heavier load: a core's
 *       worth of searches). {@code search_p99_ratio_during_ingest} = p99 latency during the ingest / idle p99;
 *       {@code ingest_ratio_vs_locked} = locked ingest time / concurrent ingest time (throughput ratio). Before
 *       each ingest (locked or not), one {@code System.gc()} promotes the caller's batch (see {@link #loadRun}).
 *   <li><b>Filters.</b> Every vector {@code i} has {@code bucket = i % 100}; {@code bucket == 7} matches 1% and
 *       {@code bucket < 10} 10%. At 1% the store's default search is already its exact search over the matching
 *       records (the share is under its 5% threshold), so that row's recall is 1 by construction and its two QPS
 *       figures time the same path; 10% goes through the graph walk. The full store is reopened with the default
 *       {@link MetadataIndexing#allKeys()}
 *       (bitmaps) and with {@link MetadataIndexing#none()} (every record's metadata read, as before bitmaps); the
 *       ratios are the QPS of the first over the second, recall@10 against the store's exact filtered search.
 *       {@code filtered_10pct_qps_ratio_vs_exact_scan} reads "against the current exact scan" literally: the
 *       bitmap store's default 10% search over the metadata-reading store's exact search (the same path as the
 *       1% ratio's baseline); {@code filtered_10pct_qps_ratio} is the stricter figure, against its graph walk.
 *   <li><b>Mapped against heap.</b> The reopened store (vectors and codes memory-mapped) against the same records
 *       built in memory: unfiltered QPS at the default {@code efSearch}, three interleaved rounds, and recall@10
 *       against the exact search ({@code mapped_qps_ratio}).
 *   <li><b>Open.</b> {@code open_seconds_ratio} = opening the full store / building it (the first part's build
 *       plus the locked ingest); {@code heap_bytes_per_vector} = heap retained by the open store / vectors.
 * </ul>
 *
 * Prints a table, then one JSON line.
 */
public final class AnnLoadBenchmark {
  static final int K = 10;
  private static final int BUILD_BATCH = 10_000;
  /** Searches flat out, not recorded, before each store's idle figures: the JIT compiles the search meanwhile. */
  private static final long WARM_UP_NANOS = 3_000_000_000L;

  private AnnLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    Dataset set = Datasets.load(options.string("dataset", "text200k"),
        Path.of(options.string("data", "../shared/data")), Path.of(options.string("cache", "bench/.cache/text200k")));
    int n = set.base().length;
    int batch = Math.min(options.integer("batch", 100_000), n / 2);
    int initial = n - batch;
    double idleSeconds = Double.parseDouble(options.string("idle-seconds", "5"));
    double searchRate = Double.parseDouble(options.string("search-qps", "200"));
    float[][] queries = set.queries();
    Path work = Files.createTempDirectory("quarry-ann-load");
    try {
      System.out.printf(Locale.ROOT,
          "ann-load %s: n=%d (%d, then a batch of %d), dim=%d, queries=%d, processors=%d%n%n",
          set.name(), n, initial, batch, set.dimension(), queries.length, Runtime.getRuntime().availableProcessors());
      Path lockedFolder = work.resolve("locked");
      Path concurrentFolder = work.resolve("concurrent");
      Path closedFolder = work.resolve("closed");
      long buildStart = System.nanoTime();
      try (EmbeddedVectorStore store = open(set, lockedFolder, MetadataIndexing.allKeys())) {
        for (int from = 0; from < initial; from += BUILD_BATCH) {
          store.upsert(records(set, from, Math.min(initial, from + BUILD_BATCH)));
        }
      }
      double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
      copy(lockedFolder, concurrentFolder);
      copy(lockedFolder, closedFolder);
      List<VectorRecord> batchRecords = records(set, initial, n);

      double lockedSeconds;
      try (EmbeddedVectorStore store = open(set, lockedFolder, MetadataIndexing.allKeys())) {
        System.gc(); // as before each searching store (see loadRun), so the baseline starts from the same heap
        long start = System.nanoTime();
        store.upsert(batchRecords);
        lockedSeconds = (System.nanoTime() - start) / 1e9;
      }

      LoadRun open = loadRun(set, concurrentFolder, batchRecords, idleSeconds, searchRate);
      LoadRun closed = loadRun(set, closedFolder, batchRecords, idleSeconds, 0);
      delete(closedFolder);

      long heapBefore = RetainedHeap.used();
      long openStart = System.nanoTime();
      EmbeddedVectorStore bitmaps = open(set, concurrentFolder, MetadataIndexing.allKeys());
      double openSeconds = (System.nanoTime() - openStart) / 1e9;
      long heapBytes = RetainedHeap.used() - heapBefore;
      List<FilterRow> withBitmaps;
      MappedVsHeap mappedVsHeap;
      try (bitmaps) {
        withBitmaps = filtered(bitmaps, queries);
        mappedVsHeap = mappedVsHeap(set, bitmaps, queries);
      }
      List<FilterRow> withoutBitmaps;
      try (EmbeddedVectorStore scan = open(set, concurrentFolder, MetadataIndexing.none())) {
        withoutBitmaps = filtered(scan, queries);
      }

      Report report = new Report(set.name(), n, batch, set.dimension(), searchRate, open, closed, lockedSeconds,
          withBitmaps, withoutBitmaps, mappedVsHeap, heapBytes / (double) n, openSeconds,
          buildSeconds + lockedSeconds);
      report.print();
    } finally {
      delete(work);
    }
  }

  private static EmbeddedVectorStore open(Dataset set, Path folder, MetadataIndexing indexing) {
    return EmbeddedVectorStore.builder(set.dimension()).metric(set.metric()).folder(folder)
        .fsync(FsyncPolicy.NEVER).checkpointLogBytes(1L << 40).metadataIndexing(indexing).build();
  }

  private static List<VectorRecord> records(Dataset set, int from, int to) {
    List<VectorRecord> records = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      records.add(new VectorRecord(new Chunk(String.valueOf(i), "doc", "", FilteredSearch.metadata(i), 0, 0),
          set.base()[i]));
    }
    return records;
  }

  /** Idle and during-ingest latencies of one searching thread, and how long the ingest took. */
  private record LoadRun(Latencies idle, Latencies during, double ingestSeconds) {}

  /**
   * Searches flat out for 3 s (a warm-up, not recorded), then for {@code idleSeconds}, then goes on searching while
   * the batch is ingested: at {@code rate} searches a second (open loop), or flat out when {@code rate} is 0.
   */
  private static LoadRun loadRun(Dataset set, Path folder, List<VectorRecord> batch, double idleSeconds, double rate)
      throws Exception {
    Latencies idle = new Latencies();
    Latencies during = new Latencies();
    try (EmbeddedVectorStore store = open(set, folder, MetadataIndexing.allKeys())) {
      // The caller's batch was made from cached vectors in about a second, so it sits whole in the young
      // generation, and the ingest's first young collection would copy it (a 1 s G1 pause in one run). A batch
      // embedded over minutes is promoted while it is made; collecting here puts this one where that one would be.
      // What the store itself allocates during the ingest is still collected, and timed, as it comes.
      System.gc();
      AtomicBoolean stop = new AtomicBoolean();
      long warmEnd = System.nanoTime() + WARM_UP_NANOS;
      searchUntil(store, set.queries(), 0, new Latencies(), () -> System.nanoTime() >= warmEnd);
      long idleEnd = System.nanoTime() + (long) (idleSeconds * 1e9);
      searchUntil(store, set.queries(), rate, idle, () -> System.nanoTime() >= idleEnd);
      // Its own thread, as the locked ingest runs on the main thread: not a common-pool worker, which would leave
      // the pool one thread short for the parallel encoding.
      double[] ingestSeconds = new double[1];
      Thread writer = new Thread(() -> {
        long start = System.nanoTime();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        try {
          store.upsert(batch);
        } finally {
          ingestSeconds[0] = (System.nanoTime() - start) / 1e9;
          stop.set(true);
          // JVM uptime, to find the ingest in a GC log (-Xlog:gc prints it too).
          System.out.printf(Locale.ROOT, "  ingest from %.3f s to %.3f s of JVM uptime%n", uptime / 1e3,
              ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        }
      }, "ann-load-writer");
      long ingestStart = System.nanoTime();
      writer.start();
      searchUntil(store, set.queries(), rate, during, stop::get);
      writer.join();
      System.out.printf(Locale.ROOT,
          "  searches over 10 ms during the ingest, by second from its start: %s of %.1f s%n",
          during.slowBySecond(10, ingestStart), ingestSeconds[0]);
      return new LoadRun(idle, during, ingestSeconds[0]);
    }
  }

  private static void searchUntil(EmbeddedVectorStore store, float[][] queries, double rate, Latencies into,
      java.util.function.BooleanSupplier done) {
    long interval = rate > 0 ? (long) (1e9 / rate) : 0;
    long scheduled = System.nanoTime();
    for (int q = 0; !done.getAsBoolean(); q++) {
      if (interval > 0) {
        scheduled += interval;
        long wait = scheduled - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
      } else {
        scheduled = System.nanoTime();
      }
      into.time(store, queries[q % queries.length], scheduled);
    }
  }

  /** Unfiltered QPS and recall@10 of the reopened store (vectors and codes mapped) and of one built in memory. */
  record MappedVsHeap(double mappedQps, double heapQps, double mappedRecall, double heapRecall) {}

  /**
   * The reopened store against the same records built in memory (vectors and codes on the heap): default
   * searches, three interleaved rounds of at least 2 s each; recall@10 against the exact search.
   */
  private static MappedVsHeap mappedVsHeap(Dataset set, EmbeddedVectorStore mapped, float[][] queries) {
    try (EmbeddedVectorStore heap = EmbeddedVectorStore.builder(set.dimension()).metric(set.metric()).build()) {
      for (int from = 0; from < set.base().length; from += BUILD_BATCH) {
        heap.upsert(records(set, from, Math.min(set.base().length, from + BUILD_BATCH)));
      }
      double mappedRecall = 0;
      double heapRecall = 0;
      for (float[] q : queries) {
        SearchRequest request = SearchRequest.builder(q).maxResults(K).build();
        Set<String> truth = new HashSet<>();
        mapped.search(request, SearchOptions.exactSearch()).forEach(hit -> truth.add(hit.id()));
        mappedRecall += mapped.search(request).stream().map(SearchHit::id).filter(truth::contains).count()
            / (double) truth.size();
        heapRecall += heap.search(request).stream().map(SearchHit::id).filter(truth::contains).count()
            / (double) truth.size();
      }
      double mappedQps = 0;
      double heapQps = 0;
      for (int round = 0; round < 3; round++) {
        mappedQps += qps(mapped, queries, null, SearchOptions.defaults()) / 3;
        heapQps += qps(heap, queries, null, SearchOptions.defaults()) / 3;
      }
      return new MappedVsHeap(mappedQps, heapQps, mappedRecall / queries.length, heapRecall / queries.length);
    }
  }

  /** One filter's figures on one store: recall and QPS of the default search, and QPS of its exact search. */
  record FilterRow(String filter, double share, double recall, double qps, double exactQps) {}

  private static List<FilterRow> filtered(EmbeddedVectorStore store, float[][] queries) {
    List<FilterRow> rows = new ArrayList<>();
    for (Filter filter : List.of(Filter.eq("bucket", 7), Filter.lt("bucket", 10))) {
      double recall = 0;
      for (float[] q : queries) {
        SearchRequest request = SearchRequest.builder(q).maxResults(K).filter(filter).build();
        Set<String> truth = new HashSet<>();
        store.search(request, SearchOptions.exactSearch()).forEach(hit -> truth.add(hit.id()));
        recall += store.search(request).stream().map(SearchHit::id).filter(truth::contains).count()
            / (double) truth.size();
      }
      double qps = qps(store, queries, filter, SearchOptions.defaults());
      double exactQps = qps(store, queries, filter, SearchOptions.exactSearch());
      rows.add(new FilterRow(filter instanceof Filter.Eq ? "bucket == 7" : "bucket < 10",
          filter instanceof Filter.Eq ? 0.01 : 0.10, recall / queries.length, qps, exactQps));
    }
    return rows;
  }

  /** Searches a second ({@code filter} may be null), one thread, over at least 2 s and every query once. */
  private static double qps(EmbeddedVectorStore store, float[][] queries, Filter filter, SearchOptions options) {
    long start = System.nanoTime();
    int done = 0;
    while (System.nanoTime() - start < 2_000_000_000L || done < queries.length) {
      for (float[] q : queries) {
        SearchRequest.Builder request = SearchRequest.builder(q).maxResults(K);
        store.search((filter == null ? request : request.filter(filter)).build(), options);
      }
      done += queries.length;
    }
    return done / ((System.nanoTime() - start) / 1e9);
  }

  private record Report(String dataset, int n, int batch, int dimension, double searchRate, LoadRun open,
      LoadRun closed, double lockedSeconds, List<FilterRow> bitmaps, List<FilterRow> scan,
      MappedVsHeap mappedVsHeap, double heapBytesPerVector, double openSeconds, double buildSeconds) {

    void print() {
      System.out.printf(Locale.ROOT, "%-40s %12s %12s %8s%n", "figure", "measured", "baseline", "ratio");
      for (LoadRun run : List.of(open, closed)) {
        String load = run == open ? String.format(Locale.ROOT, "%.0f/s", searchRate) : "flat out";
        row("search p99 ms, " + load + " (during / idle)", run.during().p99(), run.idle().p99(),
            run.during().p99() / run.idle().p99());
        System.out.printf(Locale.ROOT, "  p50 %.3f ms idle, %.3f ms during; %d searches idle, %d during; longest"
            + " %.1f ms idle, %.1f ms during; %d searches over 10 ms during%n", run.idle().p50(), run.during().p50(),
            run.idle().count(), run.during().count(), run.idle().max(), run.during().max(), run.during().over(10));
        row("ingest s, " + load + " (concurrent / locked)", run.ingestSeconds(), lockedSeconds,
            lockedSeconds / run.ingestSeconds());
      }
      for (int i = 0; i < bitmaps.size(); i++) {
        FilterRow b = bitmaps.get(i);
        FilterRow s = scan.get(i);
        row("filter " + b.filter() + " QPS (bitmaps / scan)", b.qps(), s.qps(), b.qps() / s.qps());
        System.out.printf(Locale.ROOT, "  recall@10: %.4f with bitmaps, %.4f reading metadata; exact search QPS %.1f"
            + " with bitmaps, %.1f reading metadata%n", b.recall(), s.recall(), b.exactQps(), s.exactQps());
      }
      row("search QPS (mapped / heap)", mappedVsHeap.mappedQps(), mappedVsHeap.heapQps(),
          mappedVsHeap.mappedQps() / mappedVsHeap.heapQps());
      System.out.printf(Locale.ROOT, "  recall@10: %.4f mapped, %.4f heap%n", mappedVsHeap.mappedRecall(),
          mappedVsHeap.heapRecall());
      row("open s (open / build)", openSeconds, buildSeconds, openSeconds / buildSeconds);
      System.out.printf(Locale.ROOT, "heap bytes per vector (open store): %.1f%n", heapBytesPerVector);
      System.out.printf(Locale.ROOT, "{\"benchmark\":\"ann-load\",\"dataset\":\"%s\",\"n\":%d,\"batch\":%d,"
          + "\"dimension\":%d,\"processors\":%d,\"date\":\"%s\",\"search_qps\":%.0f,\"idle_p99_ms\":%.3f,"
          + "\"during_ingest_p99_ms\":%.3f,\"search_p99_ratio_during_ingest\":%.3f,\"locked_ingest_s\":%.2f,"
          + "\"concurrent_ingest_s\":%.2f,\"ingest_ratio_vs_locked\":%.3f,\"closed_loop_p99_ratio\":%.3f,"
          + "\"closed_loop_ingest_ratio\":%.3f,\"filtered_1pct_qps\":%.1f,\"filtered_1pct_scan_qps\":%.1f,"
          + "\"filtered_1pct_qps_ratio\":%.2f,\"filtered_1pct_recall\":%.4f,\"filtered_10pct_qps\":%.1f,"
          + "\"filtered_10pct_scan_qps\":%.1f,\"filtered_10pct_qps_ratio\":%.2f,\"filtered_10pct_recall\":%.4f,"
          + "\"filtered_1pct_exact_scan_qps\":%.1f,\"filtered_10pct_exact_scan_qps\":%.1f,"
          + "\"filtered_10pct_qps_ratio_vs_exact_scan\":%.2f,"
          + "\"mapped_qps\":%.1f,\"heap_qps\":%.1f,\"mapped_qps_ratio\":%.3f,\"mapped_recall\":%.4f,"
          + "\"heap_recall\":%.4f,"
          + "\"heap_bytes_per_vector\":%.1f,\"open_s\":%.2f,\"build_s\":%.2f,\"open_seconds_ratio\":%.4f}%n",
          dataset, n, batch, dimension, Runtime.getRuntime().availableProcessors(),
          Instant.now().truncatedTo(ChronoUnit.SECONDS), searchRate, open.idle().p99(), open.during().p99(),
          open.during().p99() / open.idle().p99(), lockedSeconds, open.ingestSeconds(),
          lockedSeconds / open.ingestSeconds(), closed.during().p99() / closed.idle().p99(),
          lockedSeconds / closed.ingestSeconds(), bitmaps.get(0).qps(), scan.get(0).qps(),
          bitmaps.get(0).qps() / scan.get(0).qps(), bitmaps.get(0).recall(), bitmaps.get(1).qps(), scan.get(1).qps(),
          bitmaps.get(1).qps() / scan.get(1).qps(), bitmaps.get(1).recall(), scan.get(0).exactQps(),
          scan.get(1).exactQps(), bitmaps.get(1).qps() / scan.get(1).exactQps(), mappedVsHeap.mappedQps(),
          mappedVsHeap.heapQps(), mappedVsHeap.mappedQps() / mappedVsHeap.heapQps(), mappedVsHeap.mappedRecall(),
          mappedVsHeap.heapRecall(), heapBytesPerVector, openSeconds,
          buildSeconds, openSeconds / buildSeconds);
    }

    private static void row(String name, double measured, double baseline, double ratio) {
      System.out.printf(Locale.ROOT, "%-40s %12.3f %12.3f %8.3f%n", name, measured, baseline, ratio);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.getFileName().toString().endsWith(".lock")) {
          Files.copy(file, target);
        }
      }
    }
  }

  /** Deletes a folder and everything in it. */
  static void delete(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> {
        try {
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
