package dev.quarry.bench.ann;

import dev.quarry.api.store.Metric;
import dev.quarry.bench.Options;
import dev.quarry.vectorstore.internal.index.KMeans;
import dev.quarry.vectorstore.internal.index.Similarity;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code bench/run ivf-train --dataset text200k --data ../shared/data}: IVF's k-means, Lloyd's full passes (how IVF
 * trained before) against mini-batch with early stopping (how it trains now), on the same seeded sample of 65,536
 * vectors with IVF's automatic {@code nlist = 4·√n}. For each: training time, the rest of an IVF build (assigning
 * every vector to its nearest centroid), training's share of the two, and recall@10 of an IVF search over the
 * resulting lists at several {@code nprobe} (exact scores within the probed lists, against the data set's exact
 * top 10). Prints a table, then one JSON line.
 */
public final class IvfTrainingBenchmark {
  private static final int SAMPLE = 65_536;
  private static final long SEED = 42;

  private IvfTrainingBenchmark() {}

  /** One training method's figures. */
  private record Result(String method, double trainSeconds, double assignSeconds, double[] recalls) {
    double share() {
      return trainSeconds / (trainSeconds + assignSeconds);
    }
  }

  public static void main(String[] args) throws Exception {
    Options options = new Options(args);
    Dataset set = Datasets.load(options.string("dataset", "text200k"),
        Path.of(options.string("data", "../shared/data")), Path.of(options.string("cache", "bench/.cache/text200k")));
    int[] nprobes = Arrays.stream(options.string("nprobe", "8,16,32,64").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    boolean spherical = set.metric() == Metric.COSINE;
    Similarity similarity = spherical ? Similarity.DOT : Similarity.NEGATIVE_SQUARED_DISTANCE;
    float[][] base = set.base();
    int n = base.length;
    int nlist = (int) Math.max(16, Math.min(65_536, Math.round(4 * Math.sqrt(n))));
    float[][] sample = sample(base, Math.max(nlist, Math.min(n, SAMPLE)));
    System.out.printf(Locale.ROOT, "ivf-train %s: n=%d, dim=%d, nlist=%d, sample=%d, queries=%d, processors=%d%n%n",
        set.name(), n, set.dimension(), nlist, sample.length, set.queries().length,
        Runtime.getRuntime().availableProcessors());

    List<Result> results = new ArrayList<>();
    for (String method : List.of("lloyd", "mini-batch")) {
      long start = System.nanoTime();
      float[][] centroids = method.equals("lloyd") ? KMeans.lloyd(sample, nlist, spherical, SEED)
          : KMeans.miniBatch(sample, nlist, spherical, SEED);
      double trainSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      int[] list = IntStream.range(0, n).parallel().map(i -> KMeans.nearest(base[i], centroids, similarity))
          .toArray();
      double assignSeconds = (System.nanoTime() - start) / 1e9;
      int[][] members = members(list, nlist);
      double[] recalls = Arrays.stream(nprobes).mapToDouble(p -> recall(set, centroids, members, p, similarity))
          .toArray();
      results.add(new Result(method, trainSeconds, assignSeconds, recalls));
    }

    System.out.printf(Locale.ROOT, "%-11s %9s %9s %7s", "training", "train s", "assign s", "share");
    for (int p : nprobes) {
      System.out.printf(Locale.ROOT, " %9s", "r@10 p" + p);
    }
    System.out.println();
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "%-11s %9.2f %9.2f %6.1f%%", r.method(), r.trainSeconds(), r.assignSeconds(),
          100 * r.share());
      for (double recall : r.recalls()) {
        System.out.printf(Locale.ROOT, " %9.4f", recall);
      }
      System.out.println();
    }
    Result lloyd = results.get(0);
    Result miniBatch = results.get(1);
    System.out.printf(Locale.ROOT, "training %.1fx faster%n", lloyd.trainSeconds() / miniBatch.trainSeconds());
    System.out.printf(Locale.ROOT, "{\"benchmark\":\"ivf-train\",\"dataset\":\"%s\",\"n\":%d,\"dimension\":%d,"
        + "\"nlist\":%d,\"sample\":%d,\"processors\":%d,\"date\":\"%s\",\"nprobe\":%s,%s,%s,"
        + "\"training_speedup\":%.2f}%n", set.name(), n, set.dimension(), nlist, sample.length,
        Runtime.getRuntime().availableProcessors(), Instant.now().truncatedTo(ChronoUnit.SECONDS),
        Arrays.toString(nprobes).replace(" ", ""), json("lloyd", lloyd), json("minibatch", miniBatch),
        lloyd.trainSeconds() / miniBatch.trainSeconds());
  }

  private static String json(String prefix, Result r) {
    return String.format(Locale.ROOT, "\"%s_train_s\":%.2f,\"%s_assign_s\":%.2f,\"%s_train_share\":%.3f,"
        + "\"%s_recall_at_10\":[%s]", prefix, r.trainSeconds(), prefix, r.assignSeconds(), prefix, r.share(), prefix,
        Arrays.stream(r.recalls()).mapToObj(x -> String.format(Locale.ROOT, "%.4f", x))
            .collect(Collectors.joining(",")));
  }

  /** A seeded sample without replacement, as IVF draws it (a partial Fisher-Yates shuffle). */
  private static float[][] sample(float[][] base, int size) {
    int[] ordinals = IntStream.range(0, base.length).toArray();
    SplittableRandom random = new SplittableRandom(SEED);
    float[][] sample = new float[size][];
    for (int i = 0; i < size; i++) {
      int j = i + random.nextInt(base.length - i);
      int t = ordinals[i];
      ordinals[i] = ordinals[j];
      ordinals[j] = t;
      sample[i] = base[ordinals[i]];
    }
    return sample;
  }

  private static int[][] members(int[] list, int nlist) {
    int[] sizes = new int[nlist];
    for (int l : list) {
      sizes[l]++;
    }
    int[][] members = new int[nlist][];
    for (int c = 0; c < nlist; c++) {
      members[c] = new int[sizes[c]];
      sizes[c] = 0;
    }
    for (int i = 0; i < list.length; i++) {
      members[list[i]][sizes[list[i]]++] = i;
    }
    return members;
  }

  private static double recall(Dataset set, float[][] centroids, int[][] members, int nprobe, Similarity similarity) {
    int[][] found = IntStream.range(0, set.queries().length).parallel().mapToObj(q -> {
      float[] query = set.queries()[q];
      Integer[] order = IntStream.range(0, centroids.length).boxed().toArray(Integer[]::new);
      float[] scores = new float[centroids.length];
      for (int c = 0; c < centroids.length; c++) {
        scores[c] = similarity.score(query, centroids[c]);
      }
      Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
      List<long[]> hits = new ArrayList<>();
      for (int p = 0; p < Math.min(nprobe, order.length); p++) {
        for (int ord : members[order[p]]) {
          hits.add(new long[] {Float.floatToIntBits(similarity.score(query, set.base()[ord])), ord});
        }
      }
      hits.sort((a, b) -> Float.compare(Float.intBitsToFloat((int) b[0]), Float.intBitsToFloat((int) a[0])));
      return hits.stream().limit(10).mapToInt(h -> (int) h[1]).toArray();
    }).toArray(int[][]::new);
    return GroundTruth.recall(found, set.groundTruth(), 10);
  }
}
