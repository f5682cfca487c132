package dev.quarry.bench.ann;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a query set through a search function and measures queries per second.
 *
 * <p>With {@code t} threads, the queries are split over a fixed pool of {@code t} threads (thread {@code i} runs
 * queries {@code i, i+t, i+2t, ...}, so hard and easy queries spread evenly), and QPS is the number of queries
 * over the wall time from handing out the shares until the last one finishes; a round runs the whole set again
 * until it has lasted a minimum time. Each measurement is repeated {@code rounds} times and the best round is
 * kept: interference (GC, other processes) only ever slows a round down, so the fastest is the closest to the
 * code's own speed.
 *
 * <p>Every query, timed or not, runs on the meter's pool threads, which end with the meter, so per-thread
 * buffers a library keeps die with them: use one meter per index.
 */
final class QpsMeter implements AutoCloseable {
  /** One query: its results (ids, best first). */
  interface Search {
    int[] run(float[] query);
  }

  private final Map<Integer, ExecutorService> pools = new HashMap<>();

  /** Runs every query once on the single-thread pool and returns the results, in query order. */
  int[][] results(float[][] queries, Search search) throws InterruptedException {
    return await(pool(1).submit(() -> {
      int[][] found = new int[queries.length][];
      for (int q = 0; q < queries.length; q++) {
        found[q] = search.run(queries[q]);
      }
      return found;
    }));
  }

  /** Runs the query set on the single-thread pool until {@code seconds} have passed (at least once). */
  void warmUp(float[][] queries, Search search, double seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    do {
      results(queries, search);
    } while (System.nanoTime() < end);
  }

  /**
   * The best of {@code rounds} QPS measurements with {@code threads} threads; a round repeats the query set
   * until it has lasted {@code minRoundSeconds}, so small query sets are not timed over a few milliseconds.
   */
  double qps(float[][] queries, int threads, int rounds, double minRoundSeconds, Search search)
      throws InterruptedException {
    ExecutorService pool = pool(threads);
    int[][] found = new int[queries.length][];
    double best = 0;
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      long done = 0;
      long elapsed;
      do {
        List<Future<?>> shares = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
          int first = t;
          shares.add(pool.submit(() -> {
            for (int q = first; q < queries.length; q += threads) {
              found[q] = search.run(queries[q]);
            }
          }));
        }
        for (Future<?> share : shares) {
          await(share);
        }
        done += queries.length;
        elapsed = System.nanoTime() - start;
      } while (elapsed < minRoundSeconds * 1e9);
      best = Math.max(best, done / (elapsed / 1e9));
    }
    return best;
  }

  private static <T> T await(Future<T> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a query failed", e.getCause());
    }
  }

  private ExecutorService pool(int threads) {
    return pools.computeIfAbsent(threads, t -> Executors.newFixedThreadPool(t, runnable -> {
      Thread thread = new Thread(runnable, "ann-query");
      thread.setDaemon(true);
      return thread;
    }));
  }

  /** Stops the pool threads and waits for them to end. */
  @Override
  public void close() {
    pools.values().forEach(ExecutorService::shutdownNow);
    try {
      for (ExecutorService pool : pools.values()) {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
