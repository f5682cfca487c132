package dev.quarry.resilience;

import java.time.Duration;

/**
 * How the retry loop waits between attempts. {@link #REAL} sleeps; tests give a policy one that records the waits
 * and returns at once, so that back-off and retry-after can be checked without time passing.
 *
 * <p>Implementations must be thread-safe: one policy serves every thread.
 */
@FunctionalInterface
interface Sleeper {
  /** Sleeps the calling thread. */
  Sleeper REAL = Thread::sleep;

  /**
   * Waits {@code duration}.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
