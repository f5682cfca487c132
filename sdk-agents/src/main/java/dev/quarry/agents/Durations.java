package dev.quarry.agents;

import java.time.Duration;

/** Durations for people: "300ms", "2s", "1m30s". Stateless and thread-safe. */
final class Durations {
  private Durations() {}

  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis % 1000 != 0 && millis < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    long rest = seconds % 60;
    return minutes + "m" + (rest == 0 ? "" : rest + "s");
  }
}
