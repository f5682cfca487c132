package dev.quarry.springai;

import dev.quarry.api.document.Metadata;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts document metadata between the libraries. Spring AI keeps any non-null object; Quarry keeps strings,
 * whole numbers, decimals, booleans and lists of these.
 *
 * <ul>
 *   <li>Spring AI to Quarry keeps every value Quarry can hold, in Quarry's normal form: an {@code Integer},
 *       {@code Short} or {@code Byte} becomes a {@code Long} and a {@code Float} a {@code Double} (Quarry's
 *       filters compare numbers by value, so {@code 3} still equals {@code 3.0}). Any other type (a date, a map,
 *       a nested list, a {@code BigDecimal}, ...) is refused with an {@link IllegalArgumentException} naming the
 *       key and the type, never dropped or turned into text behind the caller's back.
 *   <li>Quarry to Spring AI: the values as Quarry holds them ({@code String}, {@code Long}, {@code Double},
 *       {@code Boolean}, an unmodifiable {@code List} of these).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class MetadataMapping {
  private MetadataMapping() {}

  /**
   * The metadata of the document {@code documentId} as Quarry metadata.
   *
   * @throws IllegalArgumentException naming the document and the key, if a key is blank or a value cannot be held
   */
  static Metadata toQuarry(Map<String, Object> metadata, String documentId) {
    if (metadata == null || metadata.isEmpty()) {
      return Metadata.empty();
    }
    for (Map.Entry<String, Object> entry : metadata.entrySet()) {
      if (entry.getValue() instanceof Date) {
        throw new IllegalArgumentException(
            "document '" + documentId + "': metadata '" + entry.getKey() + "' is a java.util.Date, which Quarry"
                + " metadata cannot hold; store it as an ISO-8601 UTC string (yyyy-MM-dd'T'HH:mm:ss'Z'), which"
                + " orders chronologically, or as epoch milliseconds");
      }
    }
    try {
      return Metadata.of(metadata);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("document '" + documentId + "': " + e.getMessage(), e);
    }
  }

  /** A mutable copy, in key order, as Spring AI documents expect; Quarry's lists are already immutable. */
  static Map<String, Object> toSpringAi(Metadata metadata) {
    return new LinkedHashMap<>(metadata.asMap());
  }
}
