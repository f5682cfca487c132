package dev.quarry.guardrails;

import java.util.List;

/** Argument checks with the messages the module shares. Stateless and thread-safe. */
final class Checks {
  private Checks() {}

  static <T> T requireNonNull(T value, String what) {
    return dev.quarry.api.internal.Checks.requireNonNull(value, what);
  }

  static String requireNonBlank(String value, String what) {
    return dev.quarry.api.internal.Checks.requireNonBlank(value, what);
  }

  /** An immutable copy of a list that must not be null nor hold null. */
  static <T> List<T> copyOf(List<T> values, String what) {
    return List.copyOf(dev.quarry.api.internal.Checks.requireNoNulls(values, what));
  }
}
