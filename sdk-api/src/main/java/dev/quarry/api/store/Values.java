package dev.quarry.api.store;

/** Comparison of normalised metadata values, shared by the filter nodes. */
final class Values {
  private Values() {}

  static boolean equal(Object stored, Object value) {
    Integer c = compare(stored, value);
    if (c != null) {
      return c == 0;
    }
    return stored.equals(value);
  }

  /** Order of two scalar values, or null when they are of kinds that do not order against each other. */
  static Integer compare(Object stored, Object value) {
    if (stored instanceof Long a && value instanceof Long b) {
      return Long.compare(a, b);
    }
    if (stored instanceof Number a && value instanceof Number b) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return null;
      }
      // Not Double.compare, which orders -0.0 below 0.0: numbers compare by value.
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (stored instanceof String a && value instanceof String b) {
      return Integer.signum(a.compareTo(b));
    }
    return null;
  }
}
