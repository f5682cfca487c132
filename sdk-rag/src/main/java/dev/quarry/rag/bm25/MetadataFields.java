package dev.quarry.rag.bm25;

import dev.quarry.api.document.Metadata;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.util.BytesRef;

/**
 * How metadata values are indexed so that {@link FilterQueries} can find them: one Lucene field per key and value
 * kind, named by a kind prefix, so each field has one type and a key's strings, whole numbers, decimals and
 * booleans never meet. A list indexes each element in the same fields, which makes Lucene's "any value matches"
 * the filter's "any element matches".
 *
 * <ul>
 *   <li>strings: a term of the string's UTF-16 code units, big-endian, so that byte order is {@link
 *       String#compareTo} order (UTF-8 bytes would order some characters differently);
 *   <li>whole numbers: a {@link LongPoint}, compared exactly;
 *   <li>decimals: a {@link DoublePoint}, with {@code -0.0} indexed as {@code 0.0} since the two are equal by value;
 *   <li>booleans: a term {@code true} or {@code false}.
 * </ul>
 *
 * <p>Internal fields start with {@code _}, metadata fields with a letter and a colon, so they never collide.
 * Stateless and thread-safe.
 */
final class MetadataFields {
  /** The longest string value that can be indexed, in chars: two bytes each within Lucene's term limit. */
  static final int MAX_STRING_CHARS = IndexWriter.MAX_TERM_LENGTH / 2;

  private static final BytesRef TRUE = new BytesRef("true");
  private static final BytesRef FALSE = new BytesRef("false");

  private MetadataFields() {}

  static String strings(String key) {
    return "s:" + key;
  }

  static String longs(String key) {
    return "l:" + key;
  }

  static String doubles(String key) {
    return "d:" + key;
  }

  static String booleans(String key) {
    return "b:" + key;
  }

  /** The term of a string value: its UTF-16 code units, big-endian (lone surrogates included, unchanged). */
  static BytesRef stringTerm(String value) {
    byte[] bytes = new byte[value.length() * 2];
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      bytes[2 * i] = (byte) (c >>> 8);
      bytes[2 * i + 1] = (byte) c;
    }
    return new BytesRef(bytes);
  }

  /** The string {@link #stringTerm} encoded. */
  static String string(BytesRef term) {
    char[] chars = new char[term.length / 2];
    for (int i = 0; i < chars.length; i++) {
      int at = term.offset + 2 * i;
      chars[i] = (char) (((term.bytes[at] & 0xFF) << 8) | (term.bytes[at + 1] & 0xFF));
    }
    return new String(chars);
  }

  static BytesRef booleanTerm(boolean value) {
    return value ? TRUE : FALSE;
  }

  /** {@code -0.0} as {@code 0.0}; every other value unchanged. */
  static double normalise(double value) {
    return value == 0.0 ? 0.0 : value;
  }

  /**
   * Rejects metadata that cannot be indexed: a string value longer than {@link #MAX_STRING_CHARS}.
   *
   * @throws IllegalArgumentException naming the chunk, the key and the length
   */
  static void check(String chunkId, Metadata metadata) {
    for (Map.Entry<String, Object> entry : metadata.asMap().entrySet()) {
      Object value = entry.getValue();
      for (Object element : value instanceof List<?> list ? list : List.of(value)) {
        if (element instanceof String s && s.length() > MAX_STRING_CHARS) {
          throw new IllegalArgumentException(
              "chunk '" + chunkId + "': metadata '" + entry.getKey() + "' holds a string of " + s.length()
                  + " chars; at most " + MAX_STRING_CHARS + " can be indexed for filters");
        }
      }
    }
  }

  /** Adds the filter fields of every value of {@code metadata} to {@code document}; call {@link #check} first. */
  static void addTo(Document document, Metadata metadata) {
    for (Map.Entry<String, Object> entry : metadata.asMap().entrySet()) {
      String key = entry.getKey();
      Object value = entry.getValue();
      for (Object element : value instanceof List<?> list ? list : List.of(value)) {
        document.add(field(key, element));
      }
    }
  }

  private static Field field(String key, Object value) {
    return switch (value) {
      case String s -> new StringField(strings(key), stringTerm(s), Field.Store.NO);
      case Long l -> new LongPoint(longs(key), l);
      case Double d -> new DoublePoint(doubles(key), normalise(d));
      case Boolean b -> new StringField(booleans(key), booleanTerm(b), Field.Store.NO);
      default -> throw new IllegalStateException("metadata '" + key + "' holds a " + value.getClass().getName()
          + ", which Metadata does not allow");
    };
  }
}
