package dev.quarry.vectorstore.internal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Directory fsync, which makes a create or rename durable. */
final class Directories {
  private Directories() {}

  /** Forces {@code dir}'s entries to disk; not every platform can open a directory, and then there is nothing to do. */
  static void sync(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory for sync; there a create or a rename is durable without it.
    }
  }
}
