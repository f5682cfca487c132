package dev.quarry.vectorstore;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Length-prefixed UTF-8 strings of any length ({@link DataOutput#writeUTF} stops at 64 KiB). */
final class Strings {
  private Strings() {}

  static void write(DataOutput out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String read(DataInput in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > (1 << 30)) {
      throw new IOException("bad string length " + length);
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
