package dev.quarry.cache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Computes the {@link CacheKey} of a text for one model: SHA-256 over a framing in which every variable-length part
 * is preceded by its length, so no two inputs produce the same bytes by concatenation:
 *
 * <ol>
 *   <li>the length of the model identity in UTF-8 bytes (4-byte big-endian int), then those bytes;
 *   <li>the {@link TextKind} code (1 byte: {@code 'D'} or {@code 'Q'});
 *   <li>the text's form (1 byte): 0 for UTF-8; 1 for the raw UTF-16 code units, big-endian, used only for a text
 *       holding an unpaired surrogate, which UTF-8 cannot encode (the encoder would replace it with {@code '?'}
 *       and make {@code "a\uD800"} and {@code "a?"} collide);
 *   <li>the length of the text's bytes in that form (4-byte big-endian int), then those bytes.
 * </ol>
 *
 * <p>Immutable; thread-safe (each key gets its own digest).
 */
final class CacheKeys {
  private static final byte UTF_8_FORM = 0;
  private static final byte UTF_16_FORM = 1;

  private final byte[] prefix;

  /** Keys for the model called {@code modelIdentity}. */
  CacheKeys(String modelIdentity) {
    byte[] identity = modelIdentity.getBytes(StandardCharsets.UTF_8);
    this.prefix = ByteBuffer.allocate(Integer.BYTES + identity.length).putInt(identity.length).put(identity).array();
  }

  /** The key of {@code text} embedded as {@code kind}. */
  CacheKey key(TextKind kind, String text) {
    boolean utf8 = encodableAsUtf8(text);
    byte[] bytes = utf8 ? text.getBytes(StandardCharsets.UTF_8) : utf16CodeUnits(text);
    MessageDigest digest = sha256();
    digest.update(prefix);
    digest.update(kind.code());
    digest.update(utf8 ? UTF_8_FORM : UTF_16_FORM);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
    return CacheKey.of(digest.digest());
  }

  /** Whether every surrogate in {@code text} is part of a pair, so UTF-8 encodes it without loss. */
  static boolean encodableAsUtf8(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] utf16CodeUnits(String text) {
    ByteBuffer buffer = ByteBuffer.allocate(text.length() * Character.BYTES);
    buffer.asCharBuffer().put(text);
    return buffer.array();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM, which every Java platform must provide", e);
    }
  }
}
