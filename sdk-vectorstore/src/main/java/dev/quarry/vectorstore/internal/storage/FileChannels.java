package dev.quarry.vectorstore.internal.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the channels the log and snapshots are written through. Tests in this package swap in an {@link Opener}
 * whose channels fail a write or a {@code force}, which no real disk does on demand.
 *
 * <p>Internal, not API. Thread-safe: the opener is a volatile field.
 */
final class FileChannels {
  /** Opens a channel, as {@link FileChannel#open(Path, OpenOption...)} does. */
  @FunctionalInterface
  interface Opener {
    FileChannel open(Path file, OpenOption... options) throws IOException;
  }

  static final Opener SYSTEM = FileChannel::open;
  private static volatile Opener opener = SYSTEM;

  private FileChannels() {}

  static FileChannel open(Path file, OpenOption... options) throws IOException {
    return opener.open(file, options);
  }

  /** Replaces the opener until {@link #reset}; for tests. */
  static void use(Opener testOpener) {
    opener = testOpener;
  }

  static void reset() {
    opener = SYSTEM;
  }
}
