package dev.quarry.rag.retrieval;

import dev.quarry.api.NonRetriableException;
import dev.quarry.api.QuarryException;
import dev.quarry.api.RetriableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Runs a few blocking calls at once and waits for every one of them. The first call runs on the calling thread,
 * the others on the executor, so two calls need one extra thread and a busy single-thread executor cannot
 * deadlock a caller that runs on it.
 *
 * <p>Failures: after all calls end, the failure of the lowest-numbered failed call is thrown, wrapped so that its
 * message names the call ({@link RetriableException} if the cause was one, else {@link NonRetriableException});
 * the other failures are attached as suppressed. An {@link Error} is rethrown as it is. A call the executor
 * refuses counts as failed. Stateless and thread-safe.
 */
final class ParallelCalls {
  /**
   * The default executor: a new virtual thread per call. Nothing to shut down and no pool to size; a call that
   * blocks on I/O (a remote store, a chat model) costs no platform thread.
   */
  static final Executor VIRTUAL_THREADS =
      task -> Thread.ofVirtual().name("quarry-retrieval").start(task);

  private ParallelCalls() {}

  /**
   * The calls' results, in the calls' order.
   *
   * @param describe names call {@code i} in error messages ("leg 2 of 3 (Bm25Retriever)")
   */
  static <T> List<T> all(Executor executor, List<? extends Supplier<T>> calls, IntFunction<String> describe) {
    List<CompletableFuture<T>> futures = new ArrayList<>(calls.size());
    futures.add(null); // call 0 runs here
    for (int i = 1; i < calls.size(); i++) {
      futures.add(submit(executor, calls.get(i)));
    }
    List<T> results = new ArrayList<>(calls.size());
    List<Throwable> failures = new ArrayList<>(calls.size());
    try {
      results.add(calls.get(0).get());
      failures.add(null);
    } catch (RuntimeException e) {
      results.add(null);
      failures.add(e);
    }
    for (int i = 1; i < calls.size(); i++) {
      try {
        results.add(futures.get(i).get());
        failures.add(null);
      } catch (ExecutionException e) {
        results.add(null);
        failures.add(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QuarryException("interrupted while waiting for " + describe.apply(i), e);
      }
    }
    throwFirstFailure(results, failures, describe);
    return results;
  }

  private static <T> CompletableFuture<T> submit(Executor executor, Supplier<T> call) {
    try {
      return CompletableFuture.supplyAsync(call, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static <T> void throwFirstFailure(
      List<T> results, List<Throwable> failures, IntFunction<String> describe) {
    RuntimeException first = null;
    for (int i = 0; i < failures.size(); i++) {
      Throwable cause = failures.get(i);
      if (cause == null && results.get(i) == null) {
        cause = new NullPointerException("returned null instead of a result");
      }
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause == null) {
        continue;
      }
      if (first == null) {
        first = wrap(describe.apply(i), cause);
      } else {
        first.addSuppressed(cause);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static RuntimeException wrap(String call, Throwable cause) {
    String message = call + " failed: " + cause.getMessage();
    return cause instanceof RetriableException
        ? new RetriableException(message, cause)
        : new NonRetriableException(message, cause);
  }
}
