package dev.quarry.agents;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where a run reads the time and how it waits for a model or tool call until a deadline. By default ({@link
 * #SYSTEM}) the time is {@link System#nanoTime()} and a wait is one timed {@link Future#get}. With a clock set on
 * the builder (a test's, which moves only when the test moves it) the time is the clock's, and a wait looks at the
 * call and the clock again every {@value #POLL_MILLIS} ms, since the clock may jump past the deadline at any time.
 *
 * <p>Immutable; thread-safe if the clock is.
 */
final class RunClock {
  /** System time, timed waits. */
  static final RunClock SYSTEM = new RunClock(Optional.empty());

  /** How often a wait looks again at a clock that was set. */
  static final long POLL_MILLIS = 1;

  private final Optional<InstantSource> clock;

  private RunClock(Optional<InstantSource> clock) {
    this.clock = clock;
  }

  /** A run clock reading {@code clock}. */
  static RunClock of(InstantSource clock) {
    return new RunClock(Optional.of(Checks.requireNonNull(clock, "clock")));
  }

  /** Now, in nanoseconds from an arbitrary origin, as {@link System#nanoTime()} counts. */
  long nanoTime() {
    if (clock.isEmpty()) {
      return System.nanoTime();
    }
    Instant now = clock.get().instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }

  /**
   * The result of {@code task}, waiting for it until {@code deadline} (in {@link #nanoTime()} terms) at most.
   *
   * @throws TimeoutException if the deadline passes first
   */
  <T> T await(Future<T> task, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (clock.isEmpty()) {
      return task.get(Math.max(0, deadline - nanoTime()), TimeUnit.NANOSECONDS);
    }
    while (true) {
      try {
        return task.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (deadline - nanoTime() <= 0) {
          throw e;
        }
      }
    }
  }
}
