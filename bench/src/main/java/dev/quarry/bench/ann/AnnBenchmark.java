package dev.quarry.bench.ann;

import dev.quarry.bench.Options;
import dev.quarry.vectorstore.IvfOptions;
import dev.quarry.vectorstore.Quantization;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.lucene.util.VectorUtil;

/**
 * {@code bench/run ann --dataset sift5k|text200k --data ../shared/data}: Quarry's HNSW, IVF (float and int8) and
 * exact store against Lucene's HNSW and hnswlib-core, in one JVM, on the same vectors with the same graph
 * parameters.
 *
 * <p>Each contender in turn is built (its own timing of the indexing calls, see {@link Contender#build}), warmed
 * up at its largest effort (the query set repeated for {@code --warmup-seconds}), then swept: for each effort
 * (efSearch for the HNSW indexes, nprobe for IVF, none for exact) the query set runs once for recall@10 against
 * the exact ground truth, then is timed at each thread count by {@link QpsMeter}, best of {@code --rounds}. Each
 * index's heap is the growth of the live heap across its build ({@link RetainedHeap}), measured before any query,
 * so per-thread search buffers are not counted. Other indexes are closed after their sweep; the HNSW ones stay
 * alive for a {@link HeadToHead} comparison at the headline efSearch, in {@code --head-to-head-rounds}
 * interleaved rounds, which gives the headline QPS ratio.
 *
 * <p>Options: {@code --m 16}, {@code --ef-construction 100}, {@code --ef 10,16,...,256}, {@code --nprobe
 * 1,2,...,128}, {@code --nlist 0} (auto), {@code --queries 0} (all), {@code --rounds 3}, {@code
 * --head-to-head-rounds 10} (0: none), {@code --min-round-seconds 0.5}, {@code --warmup-seconds 2}, {@code --threads 1,2}, {@code --contenders} (comma
 * list, default all: {@value #ALL}), {@code --lucene-directory heap|mmap}, {@code --cache
 * bench/.cache/text200k}.
 */
public final class AnnBenchmark {
  /** Vectors of the throwaway warm-up build each contender gets before its timed build. */
  static final int WARM_UP_BUILD = 2000;
  /** Sets up to this size report the fastest of {@link #BUILD_ROUNDS} builds. */
  static final int SMALL_SET = 50_000;
  static final int BUILD_ROUNDS = 3;
  static final String ALL = "quarry-hnsw,quarry-hnsw-float,lucene-hnsw,hnswlib,quarry-ivf,quarry-ivf-int8,quarry-exact";
  private static final int K = 10;
  /** The HNSW contenders kept alive for the interleaved comparison at the headline efSearch. */
  private static final List<String> HEAD_TO_HEAD = List.of("quarry-hnsw", "quarry-hnsw-float", "lucene-hnsw");

  private AnnBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    String name = options.string("dataset", "sift5k");
    Path data = Path.of(options.string("data", "../shared/data"));
    Path cache = Path.of(options.string("cache", "bench/.cache/text200k"));
    int m = options.integer("m", 16);
    int efConstruction = options.integer("ef-construction", 100);
    List<Integer> efs = ints(options.string("ef", "10,16,24,32,48,64,96,128,192,256"), "ef");
    List<Integer> nprobes = ints(options.string("nprobe", "1,2,4,8,16,32,64,128"), "nprobe");
    int nlist = options.integer("nlist", 0);
    int rounds = Math.max(1, options.integer("rounds", 3));
    List<Integer> threads = ints(options.string("threads", "1,2"), "threads");
    List<String> selected = Arrays.asList(options.string("contenders", ALL).split(","));
    String luceneDirectory = options.string("lucene-directory", "mmap");
    SweepOptions sweepOptions = new SweepOptions(threads, rounds, seconds(options, "min-round-seconds", 0.5),
        seconds(options, "warmup-seconds", 2));
    int buildThreads = Runtime.getRuntime().availableProcessors();
    int headToHeadRounds = options.integer("head-to-head-rounds", 10);
    List<HeadToHead.Entry> headToHead = new ArrayList<>();

    Dataset set = Datasets.limitQueries(Datasets.load(name, data, cache), options.integer("queries", 0));
    int n = set.base().length;

    Map<String, Supplier<Contender>> contenders = new LinkedHashMap<>();
    contenders.put("quarry-hnsw", () -> QuarryContender.hnsw(set.metric(), m, efConstruction, Quantization.INT8));
    contenders.put("quarry-hnsw-float",
        () -> QuarryContender.hnsw(set.metric(), m, efConstruction, Quantization.NONE));
    contenders.put("lucene-hnsw", () -> new LuceneHnswContender(set.metric(), m, efConstruction, luceneDirectory));
    contenders.put("hnswlib", () -> new HnswlibContender(set.metric(), m, efConstruction, buildThreads));
    contenders.put("quarry-ivf", () -> QuarryContender.ivf(set.metric(), nlist, Quantization.NONE, n));
    contenders.put("quarry-ivf-int8",
        () -> QuarryContender.ivf(set.metric(), nlist, Quantization.INT8, n));
    contenders.put("quarry-exact", () -> QuarryContender.exact(set.metric()));
    for (String wanted : selected) {
      if (!contenders.containsKey(wanted)) {
        throw new IllegalArgumentException("unknown contender '" + wanted + "'; names: " + ALL);
      }
    }
    contenders.keySet().retainAll(selected);

    VectorUtil.dotProduct(new float[] {1}, new float[] {1}); // Lucene logs its SIMD setup now, not mid-table
    String jvm = Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
    boolean vectorModule = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    System.out.printf(Locale.ROOT, "ANN %s (%s): n=%d, dim=%d, queries=%d, k=%d, %s, processors=%d%n",
        set.name(), set.metric(), n, set.dimension(), set.queries().length, K, date, buildThreads);
    System.out.printf(Locale.ROOT, "JVM %s, jdk.incubator.vector %s%n", jvm, vectorModule ? "present" : "absent");
    System.out.printf(Locale.ROOT, "M=%d, efConstruction=%d; build threads: quarry %d, hnswlib %d, lucene 1"
        + " (graph built on the indexing thread); QPS: best of %d round(s) of >= %.1f s after a %.1f s warm-up%n%n",
        m, efConstruction, buildThreads, buildThreads, rounds, sweepOptions.minRoundSeconds(),
        sweepOptions.warmUpSeconds());

    AnnReport report = new AnnReport(threads, n);
    List<FilteredSearch.Row> filtered = List.of();
    report.printHeader();
    for (Supplier<Contender> supplier : contenders.values()) {
      // A throwaway build on a slice first, so no contender's timed build pays for JIT compilation that an
      // earlier contender's run already did for shared code (Lucene's VectorUtil kernels, for one). Small sets
      // build in about a second, where one timing is noise: they keep the fastest of BUILD_ROUNDS full builds.
      Contender warm = supplier.get();
      try {
        warm.build(Arrays.copyOf(set.base(), Math.min(set.base().length, WARM_UP_BUILD)));
      } finally {
        warm.close();
      }
      long nanos = Long.MAX_VALUE;
      for (int round = 1; round < (n <= SMALL_SET ? BUILD_ROUNDS : 1); round++) {
        Contender extra = supplier.get();
        try {
          nanos = Math.min(nanos, extra.build(set.base()));
        } finally {
          extra.close();
        }
      }
      Contender contender = supplier.get();
      QpsMeter meter = new QpsMeter();
      boolean kept = false;
      try {
        long heapBefore = RetainedHeap.used();
        nanos = Math.min(nanos, contender.build(set.base()));
        long heap = RetainedHeap.used() - heapBefore;
        report.add(new AnnReport.Build(contender.name(), nanos / 1e9, heap, contender.bytes()));
        List<Integer> efforts = switch (contender.effortName()) {
          case "ef" -> efs;
          case "nprobe" -> nprobes;
          default -> List.of(0);
        };
        sweep(contender, efforts, set, sweepOptions, meter, report);
        if (contender.name().equals("quarry-hnsw") && contender instanceof QuarryContender quarry) {
          float[][] some = Arrays.copyOf(set.queries(), Math.min(200, set.queries().length));
          filtered = FilteredSearch.measure(quarry.store(), some, K);
        }
        if (HEAD_TO_HEAD.contains(contender.name()) && headToHeadRounds > 0) {
          headToHead.add(new HeadToHead.Entry(contender, meter));
          kept = true;
        }
      } finally {
        if (!kept) {
          meter.close();
          contender.close();
        }
      }
      contender = null;
      System.gc(); // the next contender starts on a heap without this one's garbage
    }
    HeadToHead.Result duel = null;
    OptionalInt duelEf = report.commonHnswEffort();
    if (duelEf.isPresent() && headToHead.stream().anyMatch(e -> e.contender().name().equals("quarry-hnsw"))) {
      duel = HeadToHead.measure(headToHead, set.queries(), K, duelEf.getAsInt(), headToHeadRounds,
          sweepOptions.minRoundSeconds());
      report.add(duel);
    }
    for (HeadToHead.Entry entry : headToHead) {
      entry.meter().close();
      entry.contender().close();
    }
    report.printBuilds();
    FilteredSearch.print(filtered);
    if (duel != null) {
      HeadToHead.print(duel, "lucene-hnsw");
    }

    Map<String, Object> context = new LinkedHashMap<>();
    context.put("benchmark", "ann");
    context.put("dataset", set.name());
    context.put("metric", set.metric().toString());
    context.put("n", n);
    context.put("dimension", set.dimension());
    context.put("queries", set.queries().length);
    context.put("k", K);
    context.put("m", m);
    context.put("ef_construction", efConstruction);
    context.put("rounds", rounds);
    context.put("head_to_head_rounds", headToHeadRounds);
    context.put("min_round_s", sweepOptions.minRoundSeconds());
    context.put("warmup_s", sweepOptions.warmUpSeconds());
    context.put("threads", threads);
    context.put("processors", buildThreads);
    context.put("lucene_directory", luceneDirectory);
    context.put("jvm", jvm);
    context.put("vector_module", vectorModule);
    context.put("date", date);
    List<Map<String, Object>> filteredJson = new ArrayList<>();
    for (FilteredSearch.Row row : filtered) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("filter", row.filter());
      entry.put("selectivity", row.selectivity());
      entry.put("recall", Math.round(row.recall() * 10_000) / 10_000.0);
      entry.put("qps1", Math.round(row.qps() * 10) / 10.0);
      entry.put("short_pages", row.hitsShort());
      filteredJson.add(entry);
    }
    context.put("filtered", filteredJson);
    System.out.println();
    System.out.println(report.json(context));
  }

  /** How each contender is swept and timed. */
  private record SweepOptions(List<Integer> threads, int rounds, double minRoundSeconds, double warmUpSeconds) {}

  private static void sweep(Contender contender, List<Integer> efforts, Dataset set, SweepOptions options,
      QpsMeter meter, AnnReport report) throws InterruptedException {
    float[][] queries = set.queries();
    int warmEffort = efforts.stream().max(Integer::compare).orElseThrow();
    contender.prepare(warmEffort);
    meter.warmUp(queries, q -> contender.search(q, K, warmEffort), options.warmUpSeconds());
    for (int effort : efforts) {
      contender.prepare(effort);
      double recall = GroundTruth.recall(meter.results(queries, q -> contender.search(q, K, effort)),
          set.groundTruth(), K);
      Map<Integer, Double> qps = new LinkedHashMap<>();
      for (int t : options.threads()) {
        qps.put(t, meter.qps(queries, t, options.rounds(), options.minRoundSeconds(),
            q -> contender.search(q, K, effort)));
      }
      report.add(new AnnReport.Point(contender.name(), contender.effortName(), effort, recall, qps));
    }
  }

  private static double seconds(Options options, String name, double fallback) {
    String value = options.string(name, null);
    try {
      double seconds = value == null ? fallback : Double.parseDouble(value);
      if (!(seconds >= 0)) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number of seconds >= 0, was '" + value + "'");
    }
  }

  private static List<Integer> ints(String list, String option) {
    List<Integer> out = new ArrayList<>();
    for (String part : list.split(",")) {
      try {
        int value = Integer.parseInt(part.strip());
        if (value < 1) {
          throw new NumberFormatException();
        }
        out.add(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + option + " must be a comma list of positive whole numbers, was '"
            + list + "'");
      }
    }
    return out.stream().distinct().sorted().toList();
  }
}
