package dev.quarry.rag.ingest;

import dev.quarry.api.document.Document;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The hashes stored with each chunk: of its text ({@link #of}), and of its whole document as the splitter would see
 * it ({@link #ofDocument}); the first 128 bits of a SHA-256, in hex.
 */
final class ContentHash {
  /** Raised whenever a change to how the ingestor names or annotates chunks, or to this hash, changes its value. */
  static final int INGEST_VERSION = 2;

  private static final int BYTES = 16;

  private ContentHash() {}

  static String of(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, BYTES);
  }

  /**
   * The hash of {@code document} as {@code splitter} (by its fingerprint) would cut it: its id, text and metadata
   * with their types, each part length-prefixed so that no two documents hash alike by moving text between parts.
   */
  static String ofDocument(String splitterFingerprint, Document document) {
    MessageDigest digest = sha256();
    update(digest, "quarry-ingest/v" + INGEST_VERSION);
    update(digest, splitterFingerprint);
    update(digest, document.id());
    update(digest, document.text());
    for (Map.Entry<String, Object> entry : document.metadata().asMap().entrySet()) {
      update(digest, entry.getKey());
      value(digest, entry.getValue());
    }
    return HexFormat.of().formatHex(digest.digest(), 0, BYTES);
  }

  /**
   * A metadata value with its type: {@code S} text, {@code L} whole number, {@code D} double (its bits), {@code B}
   * boolean, or a list ({@code [} and its size, then each element so), so that no two values hash alike.
   */
  private static void value(MessageDigest digest, Object value) {
    switch (value) {
      case String text -> {
        update(digest, "S");
        update(digest, text);
      }
      case Long number -> update(digest, "L" + number);
      case Double number -> update(digest, "D" + Long.toHexString(Double.doubleToLongBits(number)));
      case Boolean flag -> update(digest, "B" + flag);
      case List<?> list -> {
        update(digest, "[" + list.size());
        list.forEach(element -> value(digest, element));
      }
      default -> throw new IllegalStateException("metadata holds a value of type " + value.getClass().getName());
    }
  }

  private static void update(MessageDigest digest, String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
