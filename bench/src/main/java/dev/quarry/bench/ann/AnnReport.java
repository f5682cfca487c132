package dev.quarry.bench.ann;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The results of an ANN run: prints the sweep table row by row as points arrive, then the build table, and
 * finally one JSON line with every point, every build and the headline figures.
 *
 * <p>Headline figures: the HNSW comparison is taken at the lowest efSearch of the sweep where both Quarry and
 * Lucene reach {@value #HNSW_TARGET} recall@10, single thread (when there is none, {@code hnsw_ef} is Quarry's
 * lowest efSearch reaching it, else its largest, and the Lucene figures are null). When a {@link HeadToHead}
 * comparison ran there, its medians give {@code hnsw_qps}, {@code lucene_qps} and {@code qps_ratio_vs_lucene} (the
 * median of the per-round ratios); the sweep's best-of-rounds ratio stays in {@code qps_ratio_sweep}. The IVF figure is the point,
 * over both IVF variants, with the highest single-thread QPS among those reaching {@value #IVF_TARGET}, or the
 * highest-recall point when none does, compared with the exact store's single-thread QPS.
 */
final class AnnReport {
  static final double HNSW_TARGET = 0.95;
  static final double IVF_TARGET = 0.90;

  /** One sweep point: recall@10 and QPS per thread count. */
  record Point(String contender, String effortName, int effort, double recall, Map<Integer, Double> qps) {
    String effortLabel() {
      return effortName.isEmpty() ? "-" : effortName + "=" + effort;
    }
  }

  /** One index build: wall time, retained heap and serialised size (-1: none). */
  record Build(String contender, double seconds, long heapBytes, long indexBytes) {}

  private final List<Integer> threads;
  private final int n;
  private final List<Point> points = new ArrayList<>();
  private final List<Build> builds = new ArrayList<>();
  private HeadToHead.Result headToHead;

  AnnReport(List<Integer> threads, int n) {
    this.threads = List.copyOf(threads);
    this.n = n;
  }

  void printHeader() {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s %-11s %9s", "contender", "effort",
        "recall@10"));
    for (int t : threads) {
      line.append(String.format(Locale.ROOT, " %10s", "QPS " + t + "t"));
    }
    System.out.println(line);
  }

  void add(Point point) {
    points.add(point);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s %-11s %9.4f", point.contender(),
        point.effortLabel(), point.recall()));
    for (int t : threads) {
      line.append(String.format(Locale.ROOT, " %10.1f", point.qps().get(t)));
    }
    System.out.println(line);
  }

  void add(Build build) {
    builds.add(build);
  }

  void add(HeadToHead.Result result) {
    headToHead = result;
  }

  /** The lowest efSearch of the sweep where both Quarry's and Lucene's HNSW reach the recall target. */
  OptionalInt commonHnswEffort() {
    Map<Integer, Point> lucene = byEffort(of("lucene-hnsw"));
    for (Point point : of("quarry-hnsw")) {
      Point other = lucene.get(point.effort());
      if (other != null && point.recall() >= HNSW_TARGET && other.recall() >= HNSW_TARGET) {
        return OptionalInt.of(point.effort());
      }
    }
    return OptionalInt.empty();
  }

  void printBuilds() {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-16s %9s %14s %15s%n", "contender", "build s", "heap B/vector", "index B/vector");
    for (Build build : builds) {
      System.out.printf(Locale.ROOT, "%-16s %9.2f %14.1f %15s%n", build.contender(), build.seconds(),
          build.heapBytes() / (double) n,
          build.indexBytes() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", build.indexBytes() / (double) n));
    }
  }

  /** The JSON object: {@code context}'s fields first, then the headline figures, the points and the builds. */
  String json(Map<String, Object> context) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode out = mapper.valueToTree(context);

    List<Point> quarry = of("quarry-hnsw");
    Map<Integer, Point> lucene = byEffort(of("lucene-hnsw"));
    Point hnsw = null;
    Point luceneAtHnsw = null;
    for (Point point : quarry) {
      Point other = lucene.get(point.effort());
      if (other != null && point.recall() >= HNSW_TARGET && other.recall() >= HNSW_TARGET) {
        hnsw = point;
        luceneAtHnsw = other;
        break;
      }
    }
    if (hnsw == null) { // no common point: Quarry's own lowest ef reaching the target, else its largest ef
      hnsw = quarry.stream().filter(p -> p.recall() >= HNSW_TARGET).findFirst()
          .orElse(quarry.isEmpty() ? null : quarry.get(quarry.size() - 1));
    }
    putInt(out, "hnsw_ef", hnsw == null ? null : hnsw.effort());
    putNumber(out, "hnsw_recall_at_10", hnsw == null ? null : hnsw.recall(), 4);
    Double sweepRatio = luceneAtHnsw == null ? null : qps1(hnsw) / qps1(luceneAtHnsw);
    boolean duel = headToHead != null && luceneAtHnsw != null && headToHead.effort() == hnsw.effort();
    putNumber(out, "hnsw_qps", hnsw == null ? null : duel ? headToHead.median("quarry-hnsw") : qps1(hnsw), 1);
    putNumber(out, "lucene_recall_at_10", luceneAtHnsw == null ? null : luceneAtHnsw.recall(), 4);
    putNumber(out, "lucene_qps", luceneAtHnsw == null ? null
        : duel ? headToHead.median("lucene-hnsw") : qps1(luceneAtHnsw), 1);
    putNumber(out, "qps_ratio_vs_lucene",
        duel ? Double.valueOf(headToHead.medianRatio("quarry-hnsw", "lucene-hnsw")) : sweepRatio, 3);
    putNumber(out, "qps_ratio_sweep", sweepRatio, 3);
    if (duel) {
      ArrayNode rounds = out.putArray("qps_ratio_rounds");
      for (double ratio : headToHead.ratios("quarry-hnsw", "lucene-hnsw")) {
        rounds.add(new BigDecimal(ratio).setScale(3, RoundingMode.HALF_UP));
      }
      if (headToHead.qps().containsKey("quarry-hnsw-float")) {
        putNumber(out, "qps_ratio_float_vs_lucene", headToHead.medianRatio("quarry-hnsw-float", "lucene-hnsw"), 3);
      }
    }
    Optional<Build> quarryBuild = build("quarry-hnsw");
    Optional<Build> luceneBuild = build("lucene-hnsw");
    putNumber(out, "build_ratio_vs_lucene", quarryBuild.isPresent() && luceneBuild.isPresent()
        ? quarryBuild.get().seconds() / luceneBuild.get().seconds() : null, 3);

    List<Point> ivf = new ArrayList<>(of("quarry-ivf"));
    ivf.addAll(of("quarry-ivf-int8"));
    Point bestIvf = ivf.stream().filter(p -> p.recall() >= IVF_TARGET).max(Comparator.comparingDouble(this::qps1))
        .orElse(ivf.stream().max(Comparator.comparingDouble(Point::recall)).orElse(null));
    List<Point> exact = of("quarry-exact");
    Double exactQps = exact.isEmpty() ? null : qps1(exact.get(0));
    out.put("ivf_variant", bestIvf == null ? null : bestIvf.contender());
    putInt(out, "ivf_nprobe", bestIvf == null ? null : bestIvf.effort());
    putNumber(out, "ivf_recall_at_10", bestIvf == null ? null : bestIvf.recall(), 4);
    putNumber(out, "ivf_qps", bestIvf == null ? null : qps1(bestIvf), 1);
    putNumber(out, "ivf_speedup_vs_exact", bestIvf == null || exactQps == null ? null : qps1(bestIvf) / exactQps, 3);
    putNumber(out, "exact_qps", exactQps, 1);

    ArrayNode pointArray = out.putArray("points");
    for (Point point : points) {
      ObjectNode node = pointArray.addObject();
      node.put("contender", point.contender());
      node.put("effort", point.effort());
      putNumber(node, "recall", point.recall(), 4);
      point.qps().forEach((t, qps) -> putNumber(node, "qps" + t, qps, 1));
    }
    ArrayNode buildArray = out.putArray("builds");
    for (Build build : builds) {
      ObjectNode node = buildArray.addObject();
      node.put("contender", build.contender());
      putNumber(node, "build_s", build.seconds(), 3);
      putNumber(node, "heap_bytes_per_vector", build.heapBytes() / (double) n, 1);
      putNumber(node, "index_bytes_per_vector", build.indexBytes() < 0 ? null : build.indexBytes() / (double) n, 1);
    }
    return out.toString();
  }

  /** Single-thread QPS, or the fewest threads measured when 1 was not. */
  private double qps1(Point point) {
    return point.qps().get(threads.contains(1) ? 1 : threads.get(0));
  }

  private List<Point> of(String contender) {
    return points.stream().filter(p -> p.contender().equals(contender))
        .sorted(Comparator.comparingInt(Point::effort)).toList();
  }

  private static Map<Integer, Point> byEffort(List<Point> list) {
    Map<Integer, Point> out = new LinkedHashMap<>();
    list.forEach(p -> out.put(p.effort(), p));
    return out;
  }

  private Optional<Build> build(String contender) {
    return builds.stream().filter(b -> b.contender().equals(contender)).findFirst();
  }

  private static void putInt(ObjectNode node, String field, Integer value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }

  /** Rounded to {@code digits} decimals (as a decimal, so the JSON has no binary tails), or null. */
  private static void putNumber(ObjectNode node, String field, Double value, int digits) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      node.putNull(field);
    } else {
      node.put(field, new BigDecimal(value).setScale(digits, RoundingMode.HALF_UP));
    }
  }
}
