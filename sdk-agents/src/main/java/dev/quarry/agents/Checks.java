package dev.quarry.agents;

/** Argument checks with the messages the builders share. Stateless and thread-safe. */
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
}
