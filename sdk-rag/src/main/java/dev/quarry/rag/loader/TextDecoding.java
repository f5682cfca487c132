package dev.quarry.rag.loader;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a text file's bytes: UTF-8 unless a byte order mark says UTF-16, strictly (a malformed byte is an
 * error, never a silent U+FFFD), with line endings normalised to {@code \n} so offsets do not depend on the
 * platform that wrote the file. Stateless and thread-safe.
 */
final class TextDecoding {
  private TextDecoding() {}

  /** The text of {@code source}, or a {@link FailureReason#BINARY} failure. */
  static String decode(FileSource source) {
    byte[] bytes = source.bytes();
    Charset charset = StandardCharsets.UTF_8;
    int start = 0;
    if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
      start = 3;
    } else if (startsWith(bytes, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      start = 2;
    } else if (startsWith(bytes, 0xFF, 0xFE)) {
      charset = StandardCharsets.UTF_16LE;
      start = 2;
    }
    if (charset == StandardCharsets.UTF_8) {
      int nul = indexOfNul(bytes, start);
      if (nul >= 0) {
        throw source.failure(FailureReason.BINARY, "looks binary (NUL byte at offset " + nul + ")");
      }
    }
    String text = strictDecode(source, bytes, start, charset);
    return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /** Index of the first NUL byte at or after {@code from}, or -1. */
  static int indexOfNul(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String strictDecode(FileSource source, byte[] bytes, int start, Charset charset) {
    CharsetDecoder decoder =
        charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    // UTF-8 and UTF-16 never produce more chars than bytes.
    CharBuffer out = CharBuffer.allocate(bytes.length - start);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw source.failure(
          FailureReason.BINARY,
          "looks binary: not valid " + charset.name() + " at byte offset " + in.position()
              + " (if it is text in another encoding, convert it to UTF-8)");
    }
    return out.flip().toString();
  }

  private static boolean startsWith(byte[] bytes, int... prefix) {
    if (bytes.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((bytes[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
