package dev.quarry.api.memory;

/** Argument checks shared by the memories and the in-memory store. */
final class MemoryChecks {
  private MemoryChecks() {}

  static String requireId(String memoryId) {
    if (memoryId == null || memoryId.isBlank()) {
      throw new IllegalArgumentException("memory id must be a non-blank string, got " + quoted(memoryId));
    }
    return memoryId;
  }

  static <T> T requireNonNull(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  static int requirePositive(int value, String what) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, got " + value);
    }
    return value;
  }

  private static String quoted(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
