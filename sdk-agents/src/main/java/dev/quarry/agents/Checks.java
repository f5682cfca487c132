package dev.quarry.agents;

import java.util.Collection;

/** Argument checks with the messages the builders share. Stateless and thread-safe. */
final class Checks {
  private Checks() {}

  static <T> T requireNonNull(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  /** Requires a collection with no null element. */
  static <C extends Collection<?>> C requireNoNulls(C values, String what) {
    return dev.quarry.api.internal.Checks.requireNoNulls(values, what);
  }

  static String requireNonBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          what + " must not be blank, was " + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }
}
