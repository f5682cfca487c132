package dev.quarry.resilience;

import java.time.Duration;
import java.util.Locale;

/** Durations for people: "300ms", "2.5s", "30s", "1m30s". Stateless and thread-safe. */
final class Durations {
  private Durations() {}

  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 1000 != 0 && millis < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    long rest = seconds % 60;
    return seconds / 60 + "m" + (rest == 0 ? "" : rest + "s");
  }

  /** {@code duration} in whole milliseconds, rounded up so that a wait of that many is never shorter. */
  static long ceilMillis(Duration duration) {
    long millis = duration.toMillis();
    return duration.minusMillis(millis).isZero() ? millis : millis + 1;
  }
}
