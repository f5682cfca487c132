package dev.quarry.vectorstore.internal.filter;

import dev.quarry.api.document.Metadata;
import dev.quarry.api.store.Filter;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * Bitmaps of record ordinals per metadata key and value (RoaringBitmap), so a filter on indexed keys is answered
 * by set operations instead of reading every record's metadata. {@link #evaluate} turns a {@link Filter} into the
 * ordinals of the live records that match it, exactly as {@link Filter#matches} would, or into a superset that the
 * caller checks record by record (a conjunction with a key that is not indexed; a long compared with the longs of
 * a key that holds some beyond 2^53), or gives up (a disjunction or negation of something it cannot answer).
 *
 * <p>Which keys are indexed is {@code keys} (null for every key); with {@code dropNearUnique}, a key is dropped (and
 * its postings freed) once it has more than {@link #NEAR_UNIQUE_MIN_VALUES} distinct values and more than one per
 * two live records: a filter on such a key names a record or two, and its postings would cost more than they save.
 * A key once dropped stays dropped, in {@link #emptyLike} copies and in snapshots ({@link PostingsCodec}).
 *
 * <p>Internal, not API. Not thread-safe: changed with searches excluded, read by any number of searches.
 */
public final class MetadataIndex {
  static final int NEAR_UNIQUE_MIN_VALUES = 1024;

  /** The keys indexed, or null for every key. */
  private final Set<String> indexes;
  private final boolean dropNearUnique;
  final Map<String, KeyPostings> keys = new HashMap<>();
  final Set<String> dropped = new HashSet<>();
  private final RoaringBitmap live = new RoaringBitmap();

  /**
   * An index of {@code keys} (null for every key); see the class comment for {@code dropNearUnique}.
   *
   * @throws IllegalArgumentException if {@code keys} holds a null or blank key
   */
  public MetadataIndex(Set<String> keys, boolean dropNearUnique) {
    if (keys != null && keys.stream().anyMatch(k -> k == null || k.isBlank())) {
      throw new IllegalArgumentException("metadata keys must not be null or blank: " + keys);
    }
    this.indexes = keys == null ? null : Set.copyOf(keys);
    this.dropNearUnique = dropNearUnique;
  }

  /** The keys indexed, or null for every key. */
  public Set<String> keysIndexed() {
    return indexes;
  }

  /** Whether near-unique keys are dropped. */
  public boolean dropsNearUnique() {
    return dropNearUnique;
  }

  /** An empty index of the same keys, with the keys dropped here dropped too (for a compaction's renumbering). */
  public MetadataIndex emptyLike() {
    MetadataIndex copy = new MetadataIndex(indexes, dropNearUnique);
    copy.dropped.addAll(dropped);
    return copy;
  }

  private boolean indexes(String key) {
    return indexes == null || indexes.contains(key);
  }

  /** Ordinals matching a filter: exactly the matching live records, or a superset of them to check one by one. */
  public record Match(RoaringBitmap ordinals, boolean exact) {}

  /** Adds a live record's metadata under its ordinal. */
  public void add(int ordinal, Metadata metadata) {
    live.add(ordinal);
    for (Map.Entry<String, Object> entry : metadata.asMap().entrySet()) {
      String key = entry.getKey();
      if (!indexes(key) || dropped.contains(key)) {
        continue;
      }
      KeyPostings postings = keys.computeIfAbsent(key, k -> new KeyPostings());
      postings.addAll(entry.getValue(), ordinal);
      dropIfNearUnique(key, postings);
    }
  }

  private void dropIfNearUnique(String key, KeyPostings postings) {
    if (nearUnique(postings)) {
      keys.remove(key);
      dropped.add(key);
    }
  }

  private boolean nearUnique(KeyPostings postings) {
    return dropNearUnique && postings.values() > NEAR_UNIQUE_MIN_VALUES
        && postings.values() * 2L > live.getLongCardinality();
  }

  /**
   * The postings of a batch of new records, built while searches read the index (they do not change it), then
   * {@link #merge merged} into it with searches excluded: a merge is a few bitmap unions per value, where adding
   * each record would hold searches off for the whole batch.
   */
  public final class Batch {
    private final Map<String, KeyPostings> keys = new HashMap<>();
    private final RoaringBitmap ordinals = new RoaringBitmap();

    private Batch() {}

    /** Adds a new record's metadata under its ordinal (above every ordinal of the index). */
    public void add(int ordinal, Metadata metadata) {
      ordinals.add(ordinal);
      for (Map.Entry<String, Object> entry : metadata.asMap().entrySet()) {
        String key = entry.getKey();
        if (indexes(key) && !dropped.contains(key)) {
          keys.computeIfAbsent(key, k -> new KeyPostings()).addAll(entry.getValue(), ordinal);
        }
      }
    }
  }

  /** An empty batch for this index. */
  public Batch newBatch() {
    return new Batch();
  }

  /**
   * Adds a batch's records: its postings joined to the index's, its ordinals to the live set; then drops the keys
   * the batch made nearly unique (without merging them, when the batch's own values are enough to tell).
   */
  public void merge(Batch batch) {
    live.or(batch.ordinals);
    for (Map.Entry<String, KeyPostings> entry : batch.keys.entrySet()) {
      String key = entry.getKey();
      if (nearUnique(entry.getValue())) { // the merge would be too: drop it without merging value by value
        keys.remove(key);
        dropped.add(key);
        continue;
      }
      KeyPostings postings = keys.computeIfAbsent(key, k -> new KeyPostings());
      postings.merge(entry.getValue());
      dropIfNearUnique(key, postings);
    }
  }

  /** Removes a record (replaced or deleted); its postings keep the ordinal, which is masked by the live set. */
  public void remove(int ordinal) {
    live.remove(ordinal);
  }

  /** The keys with postings now. */
  public Set<String> indexedKeys() {
    return Set.copyOf(keys.keySet());
  }

  /** The live records' ordinals. */
  public RoaringBitmap live() {
    return live;
  }

  /**
   * The live ordinals matching {@code filter}, or null when the index cannot bound them (the caller then checks
   * every record). A fresh bitmap the caller may keep.
   */
  public Match evaluate(Filter filter) {
    Match match = postings(filter);
    if (match == null) {
      return null;
    }
    return new Match(RoaringBitmap.and(match.ordinals(), live), match.exact());
  }

  /** Ordinals (dead ones included) matching {@code filter}, or null when not bounded. */
  private Match postings(Filter filter) {
    return switch (filter) {
      case Filter.Eq eq -> values(eq.key(), List.of(eq.value()));
      case Filter.In in -> values(in.key(), in.values());
      case Filter.Range range -> range(range);
      case Filter.And and -> and(and.filters());
      case Filter.Or or -> or(or.filters());
      case Filter.Not not -> {
        Match inner = postings(not.filter());
        // Not is exact only over an exact operand: the complement of a superset would drop true matches.
        yield inner == null || !inner.exact() ? null
            : new Match(RoaringBitmap.andNot(live, inner.ordinals()), true);
      }
    };
  }

  private Match values(String key, Collection<Object> values) {
    KeyPostings postings = keys.get(key);
    if (postings == null) {
      return unindexed(key);
    }
    RoaringBitmap union = new RoaringBitmap();
    boolean exact = true;
    for (Object value : values) {
      RoaringBitmap posting = switch (value) {
        case String s -> postings.strings.get(s);
        case Boolean b -> postings.booleans.get(b);
        case Number n -> {
          exact &= postings.exactFor(n);
          yield postings.numbers.get(KeyPostings.numberKey(n));
        }
        default -> null;
      };
      if (posting != null) {
        union.or(posting);
      }
    }
    return new Match(union, exact);
  }

  private Match range(Filter.Range range) {
    KeyPostings postings = keys.get(range.key());
    if (postings == null) {
      return unindexed(range.key());
    }
    Object bound = range.lower().or(range::upper).orElseThrow().value();
    if (bound instanceof String) {
      return new Match(union(slice(postings.strings, range, String.class::cast)), true);
    }
    boolean exact = range.lower().map(b -> postings.exactFor(b.value())).orElse(true)
        && range.upper().map(b -> postings.exactFor(b.value())).orElse(true);
    // Inexact, the bounds are taken inclusively: a long just past a bound may share the bound's double key.
    Filter.Range keys = exact ? range : new Filter.Range(range.key(),
        range.lower().map(b -> new Filter.Bound(b.value(), true)),
        range.upper().map(b -> new Filter.Bound(b.value(), true)));
    return new Match(union(slice(postings.numbers, keys, v -> KeyPostings.numberKey((Number) v))), exact);
  }

  /**
   * The part of a sorted map of postings between a range's bounds; empty when the bounds meet at one key that one
   * of them excludes (the filter allows such a range, and matches nothing with it).
   */
  private static <K extends Comparable<K>> NavigableMap<K, RoaringBitmap> slice(NavigableMap<K, RoaringBitmap> map,
      Filter.Range range, java.util.function.Function<Object, K> toKey) {
    if (range.lower().isPresent() && range.upper().isPresent()) {
      int order = toKey.apply(range.lower().get().value()).compareTo(toKey.apply(range.upper().get().value()));
      if (order > 0 || (order == 0 && !(range.lower().get().inclusive() && range.upper().get().inclusive()))) {
        return java.util.Collections.emptyNavigableMap();
      }
    }
    NavigableMap<K, RoaringBitmap> slice = map;
    if (range.lower().isPresent()) {
      slice = slice.tailMap(toKey.apply(range.lower().get().value()), range.lower().get().inclusive());
    }
    if (range.upper().isPresent()) {
      slice = slice.headMap(toKey.apply(range.upper().get().value()), range.upper().get().inclusive());
    }
    return slice;
  }

  private static RoaringBitmap union(NavigableMap<?, RoaringBitmap> postings) {
    return postings.isEmpty() ? new RoaringBitmap() : RoaringBitmap.or(postings.values().iterator());
  }

  private Match and(List<Filter> filters) {
    RoaringBitmap result = null;
    boolean exact = true;
    for (Filter operand : filters) {
      Match match = postings(operand);
      if (match == null) {
        exact = false; // the other operands still bound the result; the records are checked
        continue;
      }
      exact &= match.exact();
      result = result == null ? match.ordinals().clone() : RoaringBitmap.and(result, match.ordinals());
    }
    return result == null ? null : new Match(result, exact);
  }

  private Match or(List<Filter> filters) {
    RoaringBitmap result = new RoaringBitmap();
    boolean exact = true;
    for (Filter operand : filters) {
      Match match = postings(operand);
      if (match == null) {
        return null;
      }
      exact &= match.exact();
      result.or(match.ordinals());
    }
    return new Match(result, exact);
  }

  /**
   * A key without postings: if it is indexed, no record has it, so no record matches; a key outside {@code
   * indexes}, or dropped as near-unique, is not bounded (null).
   */
  private Match unindexed(String key) {
    return indexes(key) && !dropped.contains(key) ? new Match(new RoaringBitmap(), true) : null;
  }
}
