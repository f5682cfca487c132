package dev.quarry.resilience;

import java.time.Duration;

/** Argument checks with the messages the builders and wrappers share. Stateless and thread-safe. */
final class Checks {
  private Checks() {}

  static <T> T requireNonNull(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  static String requireNonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          what + " must not be blank, was " + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }

  static int requireAtLeast(int value, int min, String what) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", was " + value);
    }
    return value;
  }

  /** Requires a duration of at least one millisecond, the resolution of resilience4j's waits and timeouts. */
  static Duration requireMillis(Duration value, String what) {
    if (value == null || value.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(what + " must be at least 1ms, was " + value);
    }
    return value;
  }
}
