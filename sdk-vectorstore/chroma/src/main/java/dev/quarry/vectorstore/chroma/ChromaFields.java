package dev.quarry.vectorstore.chroma;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * The names of the metadata fields Quarry adds to each Chroma record so that Chroma's {@code where} can select by
 * any Quarry metadata value, lists and numbers of either kind included, which Chroma's own scalar comparisons
 * cannot:
 *
 * <ul>
 *   <li>{@code quarry:eq:<hash>} is {@code true} when the key holds the value, or a list holding it. The hash
 *       covers the key and a typed form of the value, so that {@code 7} and {@code 7.0} meet (a whole number is
 *       also written as the double it rounds to) while two different longs that round to the same double do not;
 *   <li>{@code quarry:min:<hash>} and {@code quarry:max:<hash>} are the smallest and largest number under the
 *       key (the number itself for a scalar), clamped to the finite doubles, for ranges.
 * </ul>
 *
 * <p>Hashes are the first 128 bits of SHA-256, so field names stay short whatever the key or value; a collision
 * could at most add a candidate, which the store's own check with {@code Filter.matches} drops.
 */
final class ChromaFields {
  /** Every field name Quarry writes starts with this; user keys that do are kept only in the record field. */
  static final String PREFIX = "quarry:";
  /** The field holding the record's document id, offsets and exact metadata as JSON. */
  static final String RECORD = PREFIX + "record";

  private ChromaFields() {}

  /** The equality fields set on a record whose {@code key} holds {@code value} (a scalar or a list element). */
  static List<String> stored(String key, Object value) {
    return switch (value) {
      case Long l -> List.of(eq(key, "l" + l), eq(key, "n" + canonical(l.doubleValue())));
      case Double d -> List.of(eq(key, "d" + canonical(d)));
      case String s -> List.of(eq(key, "s" + s));
      case Boolean b -> List.of(eq(key, "b" + b));
      default -> throw new IllegalArgumentException("not a metadata scalar: " + value);
    };
  }

  /**
   * The fields of which one is set exactly on the records whose {@code key} equals {@code value} under {@code
   * Filter.matches}: a long matches stored longs exactly and stored doubles by its double value; a double matches
   * stored doubles and stored longs by their double value.
   */
  static List<String> matching(String key, Object value) {
    return switch (value) {
      case Long l -> List.of(eq(key, "l" + l), eq(key, "d" + canonical(l.doubleValue())));
      case Double d -> List.of(eq(key, "d" + canonical(d)), eq(key, "n" + canonical(d)));
      case String s -> List.of(eq(key, "s" + s));
      case Boolean b -> List.of(eq(key, "b" + b));
      default -> throw new IllegalArgumentException("not a metadata scalar: " + value);
    };
  }

  static String min(String key) {
    return PREFIX + "min:" + hash("k" + key);
  }

  static String max(String key) {
    return PREFIX + "max:" + hash("k" + key);
  }

  /** {@code number} as a finite double for the min and max fields and range bounds (infinities clamped). */
  static double clamped(Number number) {
    double d = number.doubleValue();
    if (d == 0) {
      return 0.0; // -0.0 too
    }
    return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, d));
  }

  private static String eq(String key, String typedValue) {
    return PREFIX + "eq:" + hash(key.length() + ":" + key + typedValue);
  }

  private static String canonical(double d) {
    return Double.toString(d == 0 ? 0.0 : d);
  }

  private static String hash(String text) {
    try {
      // The UTF-16 code units themselves: an encoder would turn unpaired surrogates into '?' and so make
      // "\uD800" and "?" the same value.
      java.nio.ByteBuffer units = java.nio.ByteBuffer.allocate(text.length() * 2);
      units.asCharBuffer().put(text);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(units.array());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
