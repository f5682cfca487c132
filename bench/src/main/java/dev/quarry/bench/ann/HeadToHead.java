package dev.quarry.bench.ann;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Single-thread QPS of several live indexes at one effort, measured in interleaved rounds: round {@code r} times
 * each contender once (one query-set pass of at least {@code minRoundSeconds}), in forward order on even rounds
 * and reverse order on odd ones. On a shared VM whose speed drifts by tens of percent over minutes, contenders
 * measured minutes apart (as in the sweep) can differ by the drift alone; rounds taken seconds apart see the same
 * machine, so the ratio of each round's pair is steadier than a ratio of two separate bests. The headline ratio
 * is the median of the per-round ratios.
 */
final class HeadToHead {
  /** A contender in the comparison, with the meter (pool thread) it has been queried on. */
  record Entry(Contender contender, QpsMeter meter) {}

  /** Per contender (by name) its QPS in each round, in round order. */
  record Result(int effort, Map<String, double[]> qps) {
    double median(String contender) {
      return HeadToHead.median(qps.get(contender));
    }

    /** Per round, {@code contender}'s QPS over {@code baseline}'s. */
    double[] ratios(String contender, String baseline) {
      double[] a = qps.get(contender);
      double[] b = qps.get(baseline);
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i] / b[i];
      }
      return out;
    }

    double medianRatio(String contender, String baseline) {
      return HeadToHead.median(ratios(contender, baseline));
    }
  }

  private HeadToHead() {}

  static Result measure(List<Entry> entries, float[][] queries, int k, int effort, int rounds,
      double minRoundSeconds) throws InterruptedException {
    Map<String, double[]> qps = new LinkedHashMap<>();
    for (Entry entry : entries) {
      entry.contender().prepare(effort);
      qps.put(entry.contender().name(), new double[rounds]);
      // A short warm-up at this effort, so the first round is not the one that pays for compilation.
      entry.meter().warmUp(queries, q -> entry.contender().search(q, k, effort), minRoundSeconds);
    }
    for (int round = 0; round < rounds; round++) {
      List<Entry> order = new ArrayList<>(entries);
      if (round % 2 == 1) {
        java.util.Collections.reverse(order);
      }
      for (Entry entry : order) {
        qps.get(entry.contender().name())[round] = entry.meter().qps(queries, 1, 1, minRoundSeconds,
            q -> entry.contender().search(q, k, effort));
      }
    }
    return new Result(effort, qps);
  }

  /** Prints each contender's median, lowest and highest round, and each one's median ratio to the baseline. */
  static void print(Result result, String baseline) {
    System.out.println();
    System.out.printf(Locale.ROOT, "head to head at ef=%d, 1 thread, %d interleaved rounds%n", result.effort(),
        result.qps().values().iterator().next().length);
    System.out.printf(Locale.ROOT, "%-16s %10s %10s %10s %16s%n", "contender", "median QPS", "lowest", "highest",
        "ratio to " + baseline);
    result.qps().forEach((name, rounds) -> System.out.printf(Locale.ROOT, "%-16s %10.1f %10.1f %10.1f %16.3f%n",
        name, median(rounds), Arrays.stream(rounds).min().orElse(0), Arrays.stream(rounds).max().orElse(0),
        result.medianRatio(name, baseline)));
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
