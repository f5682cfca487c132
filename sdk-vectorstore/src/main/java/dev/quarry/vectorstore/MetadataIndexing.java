package dev.quarry.vectorstore;

import dev.quarry.vectorstore.internal.filter.MetadataIndex;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Which metadata keys an {@link EmbeddedVectorStore} keeps bitmaps for, so that filters on them ({@code eq},
 * {@code in}, ranges, and {@code and}, {@code or}, {@code not} of these) are answered without reading each
 * record's metadata. A selective filter on indexed keys is then answered by scoring only the matching records,
 * and a broad one by a graph walk that checks a bitmap per node.
 *
 * <ul>
 *   <li>{@link #allKeys()} (the default for a new store): every key, except one whose values turn out nearly
 *       unique (more than 1,024 distinct values and more than one per two records; a content hash, say), which is
 *       dropped.
 *   <li>{@link #keys(String...)}: only these keys, whatever their values.
 *   <li>{@link #none()}: no bitmaps; every filter reads the records' metadata.
 * </ul>
 *
 * <p>Filters on keys that are not indexed still work, and give the same hits: they read the metadata. The bitmaps
 * are kept up to date by every write and, in a persistent store, saved with each checkpoint, so opening reads them
 * rather than rebuilding them. The choice is saved with them: a store opened without {@link
 * EmbeddedVectorStore.Builder#metadataIndexing} keeps the one it was built with, and one opened with another
 * builds its bitmaps again from the records. Immutable; equal when they name the same keys.
 */
public final class MetadataIndexing {
  private static final MetadataIndexing ALL = new MetadataIndexing(null);
  private static final MetadataIndexing NONE = new MetadataIndexing(Set.of());

  /** The keys indexed, or null for all keys (near-unique ones dropped). */
  private final Set<String> keys;

  private MetadataIndexing(Set<String> keys) {
    this.keys = keys;
  }

  /** Every key, except those whose values turn out nearly unique (the default for a new store). */
  public static MetadataIndexing allKeys() {
    return ALL;
  }

  /** Exactly these keys. */
  public static MetadataIndexing keys(String... keys) {
    if (keys == null || keys.length == 0) {
      throw new IllegalArgumentException("name at least one key, or use MetadataIndexing.none()");
    }
    for (String key : keys) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("metadata keys must not be null or blank: " + Arrays.toString(keys));
      }
    }
    return new MetadataIndexing(Set.of(keys));
  }

  /** No bitmaps. */
  public static MetadataIndexing none() {
    return NONE;
  }

  /** A fresh, empty index of the keys this names. */
  MetadataIndex newIndex() {
    return new MetadataIndex(keys, keys == null);
  }

  /** Whether {@code index} indexes the keys this names (an index read from a snapshot, say). */
  boolean describes(MetadataIndex index) {
    return Objects.equals(keys, index.keysIndexed()) && index.dropsNearUnique() == (keys == null);
  }

  /** The indexing {@code index} follows. */
  static MetadataIndexing of(MetadataIndex index) {
    return index.keysIndexed() == null ? ALL : index.keysIndexed().isEmpty() ? NONE
        : new MetadataIndexing(Set.copyOf(index.keysIndexed()));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetadataIndexing other && Objects.equals(keys, other.keys);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(keys);
  }

  @Override
  public String toString() {
    return keys == null ? "MetadataIndexing.allKeys()" : keys.isEmpty() ? "MetadataIndexing.none()"
        : "MetadataIndexing.keys(" + String.join(", ", keys.stream().sorted().toList()) + ")";
  }
}
