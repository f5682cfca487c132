package dev.quarry.vectorstore;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Length-prefixed UTF-8 strings of any length ({@link DataOutput#writeUTF} stops at 64 KiB). */
final class Strings {
  private Strings() {}

  /** A length, type or count that cannot be right: the file is damaged, not unreadable. */
  static final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
      super(message);
    }
  }

  static void write(DataOutput out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Reads a string whose byte length must not exceed {@code limit} (the file size). */
  static String read(DataInput in, long limit) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > limit) {
      throw new FormatException("bad string length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
