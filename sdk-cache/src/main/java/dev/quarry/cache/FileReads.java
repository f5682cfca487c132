package dev.quarry.cache;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Positional reads that fill a whole buffer. Stateless; thread-safe as positional reads are. */
final class FileReads {
  private FileReads() {}

  /** Fills {@code buffer} (up to its limit) from {@code position} and flips it; false if the file ends first. */
  static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        return false;
      }
      at += n;
    }
    buffer.flip();
    return true;
  }

  /** Fills {@code buffer} from {@code position} and flips it, or throws if the file ends first. */
  static void readExactly(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long end = position + buffer.remaining();
    if (!readFully(channel, buffer, position)) {
      throw new EOFException("the file ends before byte offset " + end);
    }
  }
}
