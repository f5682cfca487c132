package dev.quarry.api.internal;

import java.util.Collection;
import java.util.Objects;

/** Argument checks shared by the API records. Not part of the public API. */
public final class Checks {
  private Checks() {}

  /** Returns {@code value} if it is neither null nor blank, else throws with a message naming {@code what}. */
  public static String requireNonBlank(String value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }

  /** Returns {@code value} if it is not null, else throws with a message naming {@code what}. */
  public static <T> T requireNonNull(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  /** Requires a collection with no null element. */
  public static <C extends Collection<?>> C requireNoNulls(C values, String what) {
    requireNonNull(values, what);
    int i = 0;
    for (Object value : values) {
      if (Objects.isNull(value)) {
        throw new IllegalArgumentException(what + " must not contain null (index " + i + ")");
      }
      i++;
    }
    return values;
  }

  /** Requires {@code value > 0}. */
  public static int requirePositive(int value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be > 0, was " + value);
    }
    return value;
  }

  /** Requires {@code value >= 0}. */
  public static int requireNonNegative(int value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Requires every component to be finite and the array to be non-empty. */
  public static float[] requireFiniteVector(float[] vector, String what) {
    requireNonNull(vector, what);
    if (vector.length == 0) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException(
            what + " must have finite components, component " + i + " is " + vector[i]);
      }
    }
    return vector;
  }
}
