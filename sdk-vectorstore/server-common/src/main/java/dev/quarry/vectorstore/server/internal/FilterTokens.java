package dev.quarry.vectorstore.server.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a record carries besides its metadata so that a server's filter language, whatever it lacks (negation,
 * missing keys, lists, numbers of mixed kinds, string ranges), can select by any Quarry metadata value:
 *
 * <ul>
 *   <li><b>equality tokens</b>, one per value a key holds (each element of a list): a record whose {@code key}
 *       equals {@code value} under {@code Filter.matches} carries one of {@link #matching}{@code (key, value)}. The
 *       token covers the key and a typed form of the value, so that {@code 7} and {@code 7.0} meet (a whole number
 *       also carries the double it rounds to) while two different longs that round to the same double do not;
 *   <li><b>numeric bounds</b>: the smallest and largest number under each key (the number itself for a scalar),
 *       clamped to the finite doubles, under the name {@link #numericKey}{@code (key)}, for ranges.
 * </ul>
 *
 * <p>Tokens are the first 128 bits of SHA-256 in lowercase hex (32 characters of {@code [0-9a-f]}), so they are
 * short and safe as field names, JSON keys or keyword values in any server's syntax, whatever the key or value; a collision could at most add a
 * candidate, which {@link CandidateFilter}'s final check with {@code Filter.matches} drops.
 */
public final class FilterTokens {
  private FilterTokens() {}

  /** The smallest and largest number of one key. */
  public record Bounds(double min, double max) {}

  /** The equality tokens a record with {@code metadata} carries, in a stable order, each once. */
  public static List<String> of(Map<String, Object> metadata) {
    Set<String> tokens = new LinkedHashSet<>();
    new TreeMap<>(metadata).forEach((key, value) -> {
      for (Object element : elements(value)) {
        tokens.addAll(stored(key, element));
      }
    });
    return new ArrayList<>(tokens);
  }

  /** The numeric bounds of each key of {@code metadata} that holds a number, by {@link #numericKey}. */
  public static Map<String, Bounds> bounds(Map<String, Object> metadata) {
    Map<String, Bounds> bounds = new TreeMap<>();
    metadata.forEach((key, value) -> {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Object element : elements(value)) {
        if (element instanceof Number n) {
          min = Math.min(min, clamped(n));
          max = Math.max(max, clamped(n));
        }
      }
      if (min <= max) {
        bounds.put(numericKey(key), new Bounds(min, max));
      }
    });
    return bounds;
  }

  /**
   * The tokens of which a record carries one exactly when its {@code key} equals {@code value}: a long matches
   * stored longs exactly and stored doubles by its double value; a double matches stored doubles and stored longs
   * by their double value.
   */
  public static List<String> matching(String key, Object value) {
    return switch (value) {
      case Long l -> List.of(token(key, "l" + l), token(key, "d" + canonical(l.doubleValue())));
      case Double d -> List.of(token(key, "d" + canonical(d)), token(key, "n" + canonical(d)));
      case String s -> List.of(token(key, "s" + s));
      case Boolean b -> List.of(token(key, "b" + b));
      default -> throw new IllegalArgumentException("not a metadata scalar: " + value);
    };
  }

  /** The name under which the numeric bounds of {@code key} are kept. */
  public static String numericKey(String key) {
    return hash("k" + key);
  }

  /** {@code number} as a finite double, for bounds and range limits: infinities clamped, {@code -0.0} as 0. */
  public static double clamped(Number number) {
    double d = number.doubleValue();
    if (d == 0) {
      return 0.0;
    }
    return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, d));
  }

  private static List<String> stored(String key, Object value) {
    return switch (value) {
      case Long l -> List.of(token(key, "l" + l), token(key, "n" + canonical(l.doubleValue())));
      case Double d -> List.of(token(key, "d" + canonical(d)));
      case String s -> List.of(token(key, "s" + s));
      case Boolean b -> List.of(token(key, "b" + b));
      default -> throw new IllegalArgumentException("not a metadata scalar: " + value);
    };
  }

  private static List<?> elements(Object value) {
    return value instanceof List<?> list ? list : List.of(value);
  }

  private static String token(String key, String typedValue) {
    return hash(key.length() + ":" + key + typedValue);
  }

  private static String canonical(double d) {
    return Double.toString(d == 0 ? 0.0 : d);
  }

  private static String hash(String text) {
    try {
      // The UTF-16 code units themselves: an encoder would turn unpaired surrogates into '?' and so make
      // "\uD800" and "?" the same value.
      ByteBuffer units = ByteBuffer.allocate(text.length() * 2);
      units.asCharBuffer().put(text);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(units.array());
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
