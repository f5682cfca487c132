package dev.quarry.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A <b>test double</b> for time: a clock that stands still until a test {@linkplain #advance advances} it, so code
 * with deadlines and timeouts can be tested without sleeping. It reads as an {@link InstantSource} and, for code
 * that measures elapsed time the way {@link System#nanoTime()} does, as a nanosecond counter from an arbitrary
 * origin ({@link #nanoTime()}).
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock();
 * Agent agent = Agent.builder(model).maxWallTime(Duration.ofSeconds(30)).clock(clock).build();
 * // a tool that "takes" 31 seconds: clock.advance(Duration.ofSeconds(31))
 * }</pre>
 *
 * <p>Thread-safe: any thread may read or advance it; time never goes back.
 */
public final class ManualClock implements InstantSource {
  /** Where {@link #ManualClock()} starts. */
  public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

  private final Instant start;
  private final AtomicLong elapsedNanos = new AtomicLong();

  /** A clock standing at {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** A clock standing at {@code start}. */
  public ManualClock(Instant start) {
    if (start == null) {
      throw new IllegalArgumentException("start must not be null");
    }
    this.start = start;
  }

  /**
   * Moves the clock forward by {@code duration}; zero leaves it where it is.
   *
   * @throws IllegalArgumentException if {@code duration} is null or negative
   */
  public void advance(Duration duration) {
    if (duration == null || duration.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward; duration was " + duration);
    }
    elapsedNanos.addAndGet(duration.toNanos());
  }

  /** Nanoseconds since the clock was made: starts at 0 and moves only with {@link #advance}. */
  public long nanoTime() {
    return elapsedNanos.get();
  }

  /** How far the clock has been advanced. */
  public Duration elapsed() {
    return Duration.ofNanos(elapsedNanos.get());
  }

  @Override
  public Instant instant() {
    return start.plusNanos(elapsedNanos.get());
  }
}
