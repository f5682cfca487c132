package dev.quarry.vectorstore.internal.storage;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Length-prefixed UTF-8 strings of any length ({@link DataOutput#writeUTF} stops at 64 KiB): an int byte length,
 * then the bytes.
 *
 * <p>Internal, not API. Stateless and thread-safe.
 */
public final class Strings {
  private Strings() {}

  /**
   * A length, type or count that cannot be right: the file is damaged, not unreadable. Readers turn it into an
   * {@link dev.quarry.api.IndexCorruptedException} that names the file.
   */
  public static final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
      super(message);
    }

    public FormatException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Writes {@code s} as an int byte length and its UTF-8 bytes. */
  public static void write(DataOutput out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /**
   * Reads a string whose byte length must not exceed {@code limit} (the size of the file or record it is read
   * from), so a damaged length fails with a {@link FormatException} instead of a huge allocation.
   */
  public static String read(DataInput in, long limit) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > limit) {
      throw new FormatException("bad string length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
