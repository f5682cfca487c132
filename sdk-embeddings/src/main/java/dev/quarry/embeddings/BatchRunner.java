package dev.quarry.embeddings;

import dev.quarry.api.QuarryException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs numbered tasks on the calling thread plus up to {@code parallelism - 1} pooled threads, which take the
 * next number from a shared counter until none is left. Thread-safe; several callers may run at once.
 */
final class BatchRunner implements AutoCloseable {
  private final int parallelism;
  private final ExecutorService pool;

  BatchRunner(int parallelism, String name) {
    this.parallelism = parallelism;
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        parallelism == 1
            ? null
            : Executors.newFixedThreadPool(
                parallelism - 1,
                task -> {
                  Thread t = new Thread(task, "quarry-embed-" + name + "-" + threads.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
  }

  int parallelism() {
    return parallelism;
  }

  /** Runs {@code task} for every number in {@code [0, count)} and returns when all are done. */
  void forEach(int count, IntConsumer task) {
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          try {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
              task.accept(i);
            }
          } catch (Throwable e) {
            next.set(count); // the others stop after their current task
            throw e;
          }
        };
    int helpers = Math.min(parallelism, count) - 1;
    List<Future<?>> futures = new ArrayList<>(Math.max(helpers, 0));
    for (int h = 0; h < helpers; h++) {
      futures.add(pool.submit(worker));
    }
    RuntimeException failure = null;
    try {
      worker.run();
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        RuntimeException cause =
            e.getCause() instanceof RuntimeException r ? r : new QuarryException("embedding failed", e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      } catch (InterruptedException e) {
        next.set(count);
        awaitQuietly(futures);
        Thread.currentThread().interrupt();
        throw new QuarryException("interrupted while embedding", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Waits for started tasks to end even when interrupted, so no task outlives its call. */
  private static void awaitQuietly(List<Future<?>> futures) {
    boolean interrupted = false;
    for (Future<?> future : futures) {
      while (true) {
        try {
          future.get();
          break;
        } catch (ExecutionException e) {
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the pool threads; callers have finished (the model waits for calls in flight). */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }
}
