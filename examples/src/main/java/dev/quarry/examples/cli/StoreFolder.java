package dev.quarry.examples.cli;

import dev.quarry.Quarry;
import java.nio.file.Path;

/** The {@code --store} folder the commands share: a {@link Quarry} folder, {@value #DEFAULT} unless given. */
final class StoreFolder {
  static final String DEFAULT = ".quarry";

  private StoreFolder() {}

  /**
   * A builder for the Quarry in {@code store}, which must already hold one: searching or asking in the wrong
   * folder should say so, not create an empty store.
   *
   * @throws IllegalArgumentException saying to ingest first, if {@code store} holds no Quarry
   */
  static Quarry.Builder existing(Path store) {
    if (!Quarry.exists(store)) {
      throw new IllegalArgumentException(
          "no store in " + store.toAbsolutePath() + ": run 'quarry ingest <folder>' first");
    }
    return Quarry.builder().folder(store);
  }
}
