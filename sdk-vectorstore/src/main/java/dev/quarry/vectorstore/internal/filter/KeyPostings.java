package dev.quarry.vectorstore.internal.filter;

import dev.quarry.vectorstore.internal.storage.Strings;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * The postings of one metadata key: per value, a bitmap of the ordinals whose value (or one of whose list
 * elements) it is. Strings are ordered by {@link String#compareTo}, numbers by value (a long and a double that are
 * equal by value share a posting), booleans apart, as {@link dev.quarry.api.store.Filter} compares them.
 *
 * <p>Internal, not API. Not thread-safe: written with searches excluded, read by any number of searches.
 */
final class KeyPostings {
  /** Longs beyond this magnitude do not all convert to distinct doubles. */
  private static final long EXACT_LONG_LIMIT = 1L << 53;

  final NavigableMap<String, RoaringBitmap> strings = new TreeMap<>();
  final NavigableMap<Double, RoaringBitmap> numbers = new TreeMap<>();
  final Map<Boolean, RoaringBitmap> booleans = new java.util.HashMap<>(2);
  /**
   * Whether a long beyond {@link #EXACT_LONG_LIMIT} was stored: two such longs compare exactly in a filter but may
   * share a posting here, so matches on numbers of this key must be checked against the records.
   */
  private boolean hasBigLongs;
  private int values;

  /** Adds {@code ordinal} to the posting of one scalar value. */
  void add(Object value, int ordinal) {
    RoaringBitmap posting = switch (value) {
      case String s -> strings.computeIfAbsent(s, k -> newPosting());
      case Boolean b -> booleans.computeIfAbsent(b, k -> newPosting());
      case Long l -> {
        hasBigLongs |= isBig(l);
        yield numbers.computeIfAbsent(numberKey(l), k -> newPosting());
      }
      case Double d -> numbers.computeIfAbsent(numberKey(d), k -> newPosting());
      default -> throw new IllegalArgumentException("unsupported metadata value " + value.getClass().getName());
    };
    posting.add(ordinal);
  }

  /** Adds {@code ordinal} to the posting of a value, or of each element of a list value. */
  void addAll(Object value, int ordinal) {
    if (value instanceof List<?> list) {
      for (Object element : list) {
        add(element, ordinal);
      }
    } else {
      add(value, ordinal);
    }
  }

  /** Joins another key's postings (of other ordinals) into these; {@code other} must not be used afterwards. */
  void merge(KeyPostings other) {
    mergeInto(strings, other.strings);
    mergeInto(numbers, other.numbers);
    mergeInto(booleans, other.booleans);
    hasBigLongs |= other.hasBigLongs;
  }

  private <K> void mergeInto(Map<K, RoaringBitmap> into, Map<K, RoaringBitmap> from) {
    for (Map.Entry<K, RoaringBitmap> entry : from.entrySet()) {
      RoaringBitmap posting = into.get(entry.getKey());
      if (posting == null) {
        into.put(entry.getKey(), entry.getValue());
        values++;
      } else {
        posting.or(entry.getValue());
      }
    }
  }

  private RoaringBitmap newPosting() {
    values++;
    return new RoaringBitmap();
  }

  /** Puts a posting read from a snapshot under {@code key}. */
  <K> void restore(Map<K, RoaringBitmap> map, K key, RoaringBitmap posting)
      throws Strings.FormatException {
    if (map.put(key, posting) != null) {
      throw new Strings.FormatException("value " + key + " is listed twice");
    }
    values++;
  }

  /** Whether a long beyond 2^53 was stored (see {@link #isBig}). */
  boolean hasBigLongs() {
    return hasBigLongs;
  }

  void restoreBigLongs(boolean hasBigLongs) {
    this.hasBigLongs = hasBigLongs;
  }

  /** Distinct values with a posting. */
  int values() {
    return values;
  }

  /**
   * Whether a long is beyond the range where every long is a distinct double. Two longs compare exactly in a
   * filter, a long and a double as doubles; so only a long against a long can disagree with the postings.
   */
  static boolean isBig(long value) {
    return value > EXACT_LONG_LIMIT || value < -EXACT_LONG_LIMIT;
  }

  /** Whether the postings answer a comparison with {@code value} exactly (see {@link #isBig}). */
  boolean exactFor(Object value) {
    return !(value instanceof Long l) || (!hasBigLongs && !isBig(l));
  }

  /** A number as a map key: by value, with -0.0 as 0.0 (they are equal in a filter). */
  static Double numberKey(Number number) {
    double d = number.doubleValue();
    return d == 0 ? 0.0 : d;
  }
}
