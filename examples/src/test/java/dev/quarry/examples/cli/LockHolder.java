package dev.quarry.examples.cli;

import dev.quarry.vectorstore.EmbeddedVectorStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A second process for {@link StoreProblemsTest}: opens the vector store of a store folder, prints {@code READY},
 * and holds the folder until its standard input closes.
 *
 * <p>Arguments: the store folder, the dimension.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws IOException {
    Path index = Path.of(args[0]).resolve("index");
    try (EmbeddedVectorStore store = EmbeddedVectorStore.builder(Integer.parseInt(args[1])).folder(index).build()) {
      System.out.println("READY");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the parent closes our input (or dies)
      }
    }
  }
}
