package dev.quarry.resilience;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A <b>test double</b> for {@link Sleeper}: records each wait and returns at once, so that retries cost no time and
 * their waits can be checked. Thread-safe.
 */
final class RecordingSleeper implements Sleeper {
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
  }

  /** The waits so far, in order. A snapshot. */
  List<Duration> waits() {
    return List.copyOf(waits);
  }

  /** The waits so far in milliseconds, in order. */
  List<Long> millis() {
    return waits.stream().map(Duration::toMillis).toList();
  }
}
