package dev.quarry.embeddings;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets a model's calls run until it is closed, and its close wait for the calls in flight, so that native memory is
 * freed only when nothing uses it. Calls hold a read lock, {@link #close()} takes the write lock.
 *
 * <p>Thread-safe.
 */
final class CloseLatch {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final String name;
  private boolean closed;

  /** A latch for the model {@code name}, which the message of a call after close names. */
  CloseLatch(String name) {
    this.name = name;
  }

  /**
   * What {@code call} returns, run while the model is open.
   *
   * @throws IllegalStateException if the model is closed
   */
  <T> T call(Supplier<T> call) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(name + " is closed");
      }
      return call.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits for the calls in flight and marks the model closed; true the first time, so the caller frees once. */
  boolean close() {
    lock.writeLock().lock();
    try {
      boolean first = !closed;
      closed = true;
      return first;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
