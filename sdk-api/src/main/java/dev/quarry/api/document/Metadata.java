package dev.quarry.api.document;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Immutable key-value metadata of a document or chunk: the source path, a title, a page number, a tag list.
 *
 * <p>Keys are non-blank strings. Values are normalised when stored so that filters compare like with like:
 * {@code String}, {@code Boolean}, whole numbers ({@code Byte}, {@code Short}, {@code Integer}, {@code Long})
 * become {@code Long}, {@code Float} and {@code Double} become {@code Double}, and a {@code List} of those
 * becomes an immutable list of normalised values. Anything else is rejected, as are null keys and values.
 * Iteration order is the keys' natural order, so equal metadata prints and serialises the same.
 *
 * <p>Immutable and therefore thread-safe; {@link #with} and {@link #merge} return new instances.
 */
public final class Metadata {
  private static final Metadata EMPTY = new Metadata(Collections.emptySortedMap());

  private final Map<String, Object> values;

  private Metadata(Map<String, Object> values) {
    this.values = values;
  }

  /** The metadata with no entries. */
  public static Metadata empty() {
    return EMPTY;
  }

  /** Metadata holding a normalised copy of {@code values}; see the class comment for what is allowed. */
  public static Metadata of(Map<String, ?> values) {
    if (values == null) {
      throw new IllegalArgumentException("metadata map must not be null");
    }
    if (values.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, Object> copy = new TreeMap<>();
    values.forEach((key, value) -> copy.put(checkKey(key), normalise(key, value)));
    return new Metadata(Collections.unmodifiableSortedMap(copy));
  }

  /** A copy with {@code key} set to {@code value} (replacing any previous value). */
  public Metadata with(String key, Object value) {
    TreeMap<String, Object> copy = new TreeMap<>(values);
    copy.put(checkKey(key), normalise(key, value));
    return new Metadata(Collections.unmodifiableSortedMap(copy));
  }

  /** A copy holding these entries and then {@code other}'s, which win on equal keys. */
  public Metadata merge(Metadata other) {
    if (other.values.isEmpty()) {
      return this;
    }
    if (values.isEmpty()) {
      return other;
    }
    TreeMap<String, Object> copy = new TreeMap<>(values);
    copy.putAll(other.values);
    return new Metadata(Collections.unmodifiableSortedMap(copy));
  }

  /** The normalised value under {@code key}, if any. */
  public Optional<Object> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The value under {@code key} if it is a string. */
  public Optional<String> getString(String key) {
    return values.get(key) instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** The value under {@code key} if it is a whole number. */
  public Optional<Long> getLong(String key) {
    return values.get(key) instanceof Long l ? Optional.of(l) : Optional.empty();
  }

  /** The value under {@code key} as a double if it is any number. */
  public Optional<Double> getDouble(String key) {
    return values.get(key) instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
  }

  /** The value under {@code key} if it is a boolean. */
  public Optional<Boolean> getBoolean(String key) {
    return values.get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
  }

  /** Whether {@code key} has a value. */
  public boolean containsKey(String key) {
    return values.containsKey(key);
  }

  /** An unmodifiable view of the entries, in key order. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** The number of entries. */
  public int size() {
    return values.size();
  }

  /** Whether there are no entries. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Metadata other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  private static String checkKey(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("metadata key must not be null or blank");
    }
    return key;
  }

  /** Normalises one value, or throws naming the key and the offending type. */
  static Object normalise(String key, Object value) {
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      for (Object element : list) {
        if (element instanceof List<?>) {
          throw new IllegalArgumentException("metadata '" + key + "': nested lists are not allowed");
        }
        copy.add(normaliseScalar(key, element));
      }
      return List.copyOf(copy);
    }
    return normaliseScalar(key, value);
  }

  private static Double notNaN(String key, double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("metadata '" + key + "': NaN is not allowed (it equals and orders against nothing)");
    }
    return value;
  }

  /** Normalises a scalar value: the same rules filters use for the values they compare with. */
  public static Object normaliseScalar(String key, Object value) {
    return switch (value) {
      case null -> throw new IllegalArgumentException("metadata '" + key + "': value must not be null");
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Double d -> notNaN(key, d);
      case Float f -> notNaN(key, f.doubleValue());
      default ->
          throw new IllegalArgumentException(
              "metadata '" + key + "': unsupported value type " + value.getClass().getName()
                  + " (allowed: String, Boolean, whole numbers, Float, Double, or a List of these)");
    };
  }
}
