package dev.quarry.bench.ann;

import dev.quarry.api.store.SearchRequest;
import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.util.Arrays;

/** Search latencies of one thread, in nanoseconds. */
final class Latencies {
  private long[] nanos = new long[1 << 16];
  /** When each search was scheduled ({@link System#nanoTime}). */
  private long[] at = new long[1 << 16];
  private int count;

  /** Runs one search; its latency counts from {@code scheduled} (its start, or when it should have started). */
  void time(EmbeddedVectorStore store, float[] query, long scheduled) {
    store.search(SearchRequest.builder(query).maxResults(AnnLoadBenchmark.K).build());
    long took = System.nanoTime() - scheduled;
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
      at = Arrays.copyOf(at, count * 2);
    }
    at[count] = scheduled;
    nanos[count++] = took;
  }

  /**
   * Where the searches over {@code millis} fall, as "second: count" from {@code start} (to tell the link of a
   * batch from its commit and checkpoint).
   */
  String slowBySecond(double millis, long start) {
    java.util.TreeMap<Long, Integer> bySecond = new java.util.TreeMap<>();
    for (int i = 0; i < count; i++) {
      if (nanos[i] > millis * 1e6) {
        bySecond.merge((at[i] - start) / 1_000_000_000L, 1, Integer::sum);
      }
    }
    return bySecond.toString();
  }

  int count() {
    return count;
  }

  double p99() {
    return percentile(0.99);
  }

  double p50() {
    return percentile(0.50);
  }

  /** The longest latency, in milliseconds. */
  double max() {
    return percentile(1.0);
  }

  /** How many searches took over {@code millis}. */
  long over(double millis) {
    return Arrays.stream(nanos, 0, count).filter(n -> n > millis * 1e6).count();
  }

  /** The latency at quantile {@code q}, in milliseconds. */
  private double percentile(double q) {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    return count == 0 ? Double.NaN : sorted[(int) Math.max(0, Math.ceil(count * q) - 1)] / 1e6;
  }
}
